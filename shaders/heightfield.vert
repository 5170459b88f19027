#version 330 core
// Animated height field ("plasma"): a flat grid displaced by a sum of travelling waves.
layout(location = 0) in vec3 aPos;     // x, z in [-1, 1], y unused
uniform mat4 uViewProj;
uniform float uTime;
uniform float uAmplitude;
uniform float uFrequency;
uniform float uSize;
out vec3 vWorld;
out vec3 vNormal;
out float vHeight;

float field(vec2 p)
{
    float f = uFrequency;
    float h = sin(p.x * f * 1.7 + uTime * 1.3) * 0.45
            + sin(p.y * f * 2.3 - uTime * 0.9) * 0.35
            + sin((p.x + p.y) * f * 1.1 + uTime * 0.7) * 0.30
            + sin(length(p - vec2(0.35 * sin(uTime * 0.4), 0.3)) * f * 4.0 - uTime * 2.0) * 0.25;
    return h * uAmplitude;
}

void main()
{
    vec2 p = aPos.xz;
    float e = 2.0 / 128.0;
    float h = field(p);
    float hx = field(p + vec2(e, 0.0)) - field(p - vec2(e, 0.0));
    float hz = field(p + vec2(0.0, e)) - field(p - vec2(0.0, e));
    vNormal = normalize(vec3(-hx * uSize, 2.0 * e * uSize, -hz * uSize));
    vHeight = h / max(uAmplitude, 1e-4);
    vWorld = vec3(p.x * uSize, h * uSize * 0.35 + 0.6, p.y * uSize);
    gl_Position = uViewProj * vec4(vWorld, 1.0);
}
