// Procedural meshes of the demo scene and their GL buffers.
#pragma once

#include <cstdint>
#include <vector>

namespace Demo
{

// Interleaved position (xyz) + normal (xyz), indexed triangles.
struct MeshData
{
    std::vector<float>    Vertices;
    std::vector<uint32_t> Indices;
};

// A (p, q) torus knot swept by a circular tube: the "part" shown in the model editor.
MeshData MakeTorusKnot(int p, int q, int segments, int sides, float radius, float tube);
// An n x n grid of quads over [-1, 1] x [-1, 1] at y = 0 (normals up).
MeshData MakeGridPlane(int n);

struct GpuMesh
{
    unsigned int Vao = 0, Vbo = 0, Ebo = 0;
    int          IndexCount = 0;
};
GpuMesh Upload(const MeshData& mesh);   // attribute 0: position, 1: normal
void    Destroy(GpuMesh* mesh);
void    DrawTriangles(const GpuMesh& mesh);

} // namespace Demo
