// The animated 3D scene behind the UI, drawn with the GLSL programs in shaders/.
#pragma once

#include "mesh.h"

#include <string>

namespace Demo
{

enum class SceneKind { Model, HeightField, Backdrop };

// What the current view wants drawn; edited by the views' side panels.
struct SceneParams
{
    SceneKind Kind = SceneKind::Model;
    // Model editor
    float ModelColor[3] = { 0.80f, 0.42f, 0.16f };
    float SpinSpeed = 0.45f;      // radians / s
    bool  Wireframe = false;
    bool  ShowGrid = true;
    // Visualiser
    float Amplitude = 0.55f;
    float Frequency = 2.2f;
    float FlowSpeed = 1.0f;
    int   Colormap = 0;           // 0 viridis, 1 thermal, 2 grey
    bool  Contours = true;
    // Camera
    float Orbit = 0.0f;           // radians, added to a slow automatic orbit
    float Elevation = 0.42f;
    float Distance = 5.5f;
};

class Scene
{
public:
    // Loads the programs from 'shader_dir' and builds the meshes; false + message on failure.
    bool Init(const std::string& shader_dir, std::string* error);
    // Draws the whole framebuffer (fb_width x fb_height pixels), 'time' in seconds.
    void Render(const SceneParams& params, double time, int fb_width, int fb_height);
    void Shutdown();

private:
    unsigned int background_ = 0, grid_ = 0, model_ = 0, heightfield_ = 0;
    unsigned int emptyVao_ = 0;
    GpuMesh knot_, plane_, field_;
    double modelAngle_ = 0.0, lastTime_ = -1.0, flowTime_ = 0.0;
};

} // namespace Demo
