#version 330 core
// A large ground plane (y = 0); the grid lines are drawn procedurally in grid.frag.
layout(location = 0) in vec3 aPos;
uniform mat4 uViewProj;
uniform float uExtent;
out vec3 vWorld;
void main()
{
    vWorld = aPos * uExtent;
    gl_Position = uViewProj * vec4(vWorld, 1.0);
}
