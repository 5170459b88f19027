#version 330 core
// Blinn-Phong with a key light, a cool fill light and a fresnel rim.
in vec3 vWorld;
in vec3 vNormal;
uniform vec3 uEye;
uniform vec3 uBaseColor;
uniform float uWire;        // 1: flat wireframe colour
out vec4 fragColor;

vec3 light(vec3 n, vec3 v, vec3 l, vec3 color, float shininess)
{
    float diff = max(dot(n, l), 0.0);
    vec3 h = normalize(l + v);
    float spec = pow(max(dot(n, h), 0.0), shininess) * step(0.0, diff);
    return color * (diff * uBaseColor + spec * 0.55);
}

void main()
{
    if (uWire > 0.5) { fragColor = vec4(0.95, 0.78, 0.30, 1.0); return; }
    vec3 n = normalize(vNormal);
    vec3 v = normalize(uEye - vWorld);
    if (dot(n, v) < 0.0) n = -n;
    vec3 c = 0.12 * uBaseColor;
    c += light(n, v, normalize(vec3(0.6, 0.9, 0.4)), vec3(1.0, 0.96, 0.9), 48.0);
    c += light(n, v, normalize(vec3(-0.7, 0.3, -0.5)), vec3(0.25, 0.32, 0.45), 16.0);
    float rim = pow(1.0 - max(dot(n, v), 0.0), 3.0);
    c += rim * vec3(0.30, 0.45, 0.70);
    fragColor = vec4(pow(c, vec3(1.0 / 2.2)), 1.0);
}
