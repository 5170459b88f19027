#include "mesh.h"

#include "gl.h"
#include "math3d.h"

#include <cmath>

namespace Demo
{

static const float kPi = 3.14159265358979f;

static Vec3 KnotPoint(int p, int q, float radius, float t)
{
    const float r = radius * (0.5f + 0.25f * std::cos(static_cast<float>(q) * t));
    return Vec3(r * std::cos(static_cast<float>(p) * t), radius * 0.25f * std::sin(static_cast<float>(q) * t),
                r * std::sin(static_cast<float>(p) * t));
}

// Two triangles per cell of a (rows + 1) x (cols + 1) vertex grid laid out row by row.
static void AppendGridIndices(MeshData* m, int rows, int cols)
{
    const uint32_t stride = static_cast<uint32_t>(cols + 1);
    for (uint32_t i = 0; i < static_cast<uint32_t>(rows); i++)
        for (uint32_t j = 0; j < static_cast<uint32_t>(cols); j++)
        {
            const uint32_t a = i * stride + j, b = (i + 1) * stride + j;
            m->Indices.insert(m->Indices.end(), { a, b, a + 1, a + 1, b, b + 1 });
        }
}

MeshData MakeTorusKnot(int p, int q, int segments, int sides, float radius, float tube)
{
    MeshData m;
    for (int i = 0; i <= segments; i++)
    {
        const float t = 2.0f * kPi * static_cast<float>(i) / static_cast<float>(segments);
        const Vec3 c = KnotPoint(p, q, radius, t);
        const Vec3 ahead = KnotPoint(p, q, radius, t + 0.01f);
        const Vec3 tangent = Normalize(ahead - c);
        // A frame around the tangent: the bitangent from a fixed up vector is stable enough for a knot.
        Vec3 normal = Normalize(Cross(tangent, Vec3(0.0f, 1.0f, 0.0f)));
        if (Length(normal) < 0.5f) normal = Vec3(1.0f, 0.0f, 0.0f);
        const Vec3 binormal = Normalize(Cross(tangent, normal));
        for (int j = 0; j <= sides; j++)
        {
            const float a = 2.0f * kPi * static_cast<float>(j) / static_cast<float>(sides);
            const Vec3 n = normal * std::cos(a) + binormal * std::sin(a);
            const Vec3 pos = c + n * tube;
            m.Vertices.insert(m.Vertices.end(), { pos.x, pos.y, pos.z, n.x, n.y, n.z });
        }
    }
    AppendGridIndices(&m, segments, sides);
    return m;
}

MeshData MakeGridPlane(int n)
{
    MeshData m;
    for (int z = 0; z <= n; z++)
        for (int x = 0; x <= n; x++)
        {
            const float fx = -1.0f + 2.0f * static_cast<float>(x) / static_cast<float>(n);
            const float fz = -1.0f + 2.0f * static_cast<float>(z) / static_cast<float>(n);
            m.Vertices.insert(m.Vertices.end(), { fx, 0.0f, fz, 0.0f, 1.0f, 0.0f });
        }
    AppendGridIndices(&m, n, n);
    return m;
}

GpuMesh Upload(const MeshData& data)
{
    GpuMesh g;
    glGenVertexArrays(1, &g.Vao);
    glGenBuffers(1, &g.Vbo);
    glGenBuffers(1, &g.Ebo);
    glBindVertexArray(g.Vao);
    glBindBuffer(GL_ARRAY_BUFFER, g.Vbo);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(data.Vertices.size() * sizeof(float)), data.Vertices.data(), GL_STATIC_DRAW);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, g.Ebo);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(data.Indices.size() * sizeof(uint32_t)), data.Indices.data(), GL_STATIC_DRAW);
    const GLsizei stride = 6 * sizeof(float);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<const void*>(0));
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 3, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<const void*>(3 * sizeof(float)));
    glBindVertexArray(0);
    g.IndexCount = static_cast<int>(data.Indices.size());
    return g;
}

void Destroy(GpuMesh* g)
{
    if (g->Ebo) glDeleteBuffers(1, &g->Ebo);
    if (g->Vbo) glDeleteBuffers(1, &g->Vbo);
    if (g->Vao) glDeleteVertexArrays(1, &g->Vao);
    *g = GpuMesh();
}

void DrawTriangles(const GpuMesh& g)
{
    glBindVertexArray(g.Vao);
    glDrawElements(GL_TRIANGLES, g.IndexCount, GL_UNSIGNED_INT, nullptr);
}

} // namespace Demo
