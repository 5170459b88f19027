#include "scene.h"

#include "gl.h"
#include "math3d.h"
#include "shader.h"

#include <cmath>

namespace Demo
{

static GLint U(unsigned int program, const char* name) { return glGetUniformLocation(program, name); }

bool Scene::Init(const std::string& dir, std::string* error)
{
    struct { unsigned int* program; const char* name; } programs[] = {
        { &background_, "background" }, { &grid_, "grid" }, { &model_, "model" }, { &heightfield_, "heightfield" },
    };
    for (auto& p : programs)
    {
        *p.program = LoadProgram(dir, p.name, error);
        if (!*p.program)
        {
            Shutdown();
            return false;
        }
    }
    glGenVertexArrays(1, &emptyVao_);
    knot_ = Upload(MakeTorusKnot(2, 3, 360, 28, 1.6f, 0.22f));
    plane_ = Upload(MakeGridPlane(1));
    field_ = Upload(MakeGridPlane(128));
    return true;
}

void Scene::Shutdown()
{
    for (unsigned int* p : { &background_, &grid_, &model_, &heightfield_ })
        if (*p)
        {
            glDeleteProgram(*p);
            *p = 0;
        }
    if (emptyVao_) glDeleteVertexArrays(1, &emptyVao_);
    emptyVao_ = 0;
    Destroy(&knot_);
    Destroy(&plane_);
    Destroy(&field_);
}

void Scene::Render(const SceneParams& sp, double time, int fb_w, int fb_h)
{
    if (fb_w <= 0 || fb_h <= 0) return;
    const double dt = lastTime_ < 0.0 ? 0.0 : time - lastTime_;
    lastTime_ = time;
    modelAngle_ += dt * sp.SpinSpeed;
    flowTime_ += dt * sp.FlowSpeed;

    glViewport(0, 0, fb_w, fb_h);
    glDisable(GL_SCISSOR_TEST);
    glClearColor(0.0f, 0.0f, 0.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);

    // Background gradient
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_BLEND);
    glUseProgram(background_);
    const bool report = sp.Kind == SceneKind::Backdrop;
    glUniform3f(U(background_, "uTop"), 0.13f, 0.16f, 0.22f);
    glUniform3f(U(background_, "uBottom"), report ? 0.05f : 0.04f, report ? 0.06f : 0.05f, report ? 0.08f : 0.07f);
    glBindVertexArray(emptyVao_);
    glDrawArrays(GL_TRIANGLES, 0, 3);

    // Camera: a slow automatic orbit plus the user's offset
    const float orbit = sp.Orbit + static_cast<float>(time * 0.08);
    const float dist = sp.Kind == SceneKind::HeightField ? sp.Distance * 1.1f : sp.Distance;
    const Vec3 eye(dist * std::cos(sp.Elevation) * std::sin(orbit), dist * std::sin(sp.Elevation),
                   dist * std::cos(sp.Elevation) * std::cos(orbit));
    const Vec3 target(0.0f, 0.5f, 0.0f);
    const Mat4 view = LookAt(eye, target, Vec3(0.0f, 1.0f, 0.0f));
    const Mat4 proj = Perspective(0.75f, static_cast<float>(fb_w) / static_cast<float>(fb_h), 0.05f, 200.0f);
    const Mat4 view_proj = proj * view;

    glEnable(GL_DEPTH_TEST);
    glDepthFunc(GL_LESS);
    if (sp.Kind == SceneKind::Model)
    {
        const Mat4 model = Translate(Vec3(0.0f, 1.1f, 0.0f)) * RotateY(static_cast<float>(modelAngle_)) *
                           RotateX(0.35f * std::sin(static_cast<float>(modelAngle_) * 0.7f));
        glUseProgram(model_);
        glUniformMatrix4fv(U(model_, "uModel"), 1, GL_FALSE, model.Data());
        glUniformMatrix4fv(U(model_, "uViewProj"), 1, GL_FALSE, view_proj.Data());
        glUniform3f(U(model_, "uEye"), eye.x, eye.y, eye.z);
        glUniform3f(U(model_, "uBaseColor"), sp.ModelColor[0], sp.ModelColor[1], sp.ModelColor[2]);
        glUniform1f(U(model_, "uWire"), 0.0f);
        if (sp.Wireframe)
        {
            glEnable(GL_POLYGON_OFFSET_FILL);
            glPolygonOffset(1.0f, 1.0f);
        }
        DrawTriangles(knot_);
        if (sp.Wireframe)
        {
            glDisable(GL_POLYGON_OFFSET_FILL);
            glPolygonMode(GL_FRONT_AND_BACK, GL_LINE);
            glUniform1f(U(model_, "uWire"), 1.0f);
            DrawTriangles(knot_);
            glPolygonMode(GL_FRONT_AND_BACK, GL_FILL);
        }
    }
    else if (sp.Kind == SceneKind::HeightField)
    {
        glUseProgram(heightfield_);
        glUniformMatrix4fv(U(heightfield_, "uViewProj"), 1, GL_FALSE, view_proj.Data());
        glUniform1f(U(heightfield_, "uTime"), static_cast<float>(flowTime_));
        glUniform1f(U(heightfield_, "uAmplitude"), sp.Amplitude);
        glUniform1f(U(heightfield_, "uFrequency"), sp.Frequency);
        glUniform1f(U(heightfield_, "uSize"), 2.4f);
        glUniform3f(U(heightfield_, "uEye"), eye.x, eye.y, eye.z);
        glUniform1i(U(heightfield_, "uColormap"), sp.Colormap);
        glUniform1f(U(heightfield_, "uContours"), sp.Contours ? 1.0f : 0.0f);
        DrawTriangles(field_);
    }

    if (sp.ShowGrid)
    {
        glEnable(GL_BLEND);
        glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
        glDepthMask(GL_FALSE);
        glUseProgram(grid_);
        glUniformMatrix4fv(U(grid_, "uViewProj"), 1, GL_FALSE, view_proj.Data());
        glUniform1f(U(grid_, "uExtent"), 40.0f);
        glUniform3f(U(grid_, "uEye"), eye.x, eye.y, eye.z);
        glUniform3f(U(grid_, "uLineColor"), 0.55f, 0.60f, 0.68f);
        glUniform1f(U(grid_, "uFade"), 22.0f);
        DrawTriangles(plane_);
        glDepthMask(GL_TRUE);
        glDisable(GL_BLEND);
    }

    glDisable(GL_DEPTH_TEST);
    glBindVertexArray(0);
    glUseProgram(0);
}

} // namespace Demo
