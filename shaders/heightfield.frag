#version 330 core
// Colour map over the height, contour lines and simple lighting.
in vec3 vWorld;
in vec3 vNormal;
in float vHeight;
uniform vec3 uEye;
uniform int uColormap;      // 0 viridis-like, 1 thermal, 2 grey
uniform float uContours;    // 1: draw contour lines
out vec4 fragColor;

vec3 viridis(float t)
{
    vec3 a = vec3(0.267, 0.005, 0.329), b = vec3(0.128, 0.567, 0.551), c = vec3(0.993, 0.906, 0.144);
    return t < 0.5 ? mix(a, b, t * 2.0) : mix(b, c, t * 2.0 - 1.0);
}

vec3 thermal(float t)
{
    return clamp(vec3(1.5 * t, 1.8 * t - 0.6, 3.0 * t - 2.0) + vec3(0.05, 0.0, 0.25 * (1.0 - t)), 0.0, 1.0);
}

void main()
{
    float t = clamp(vHeight * 0.45 + 0.5, 0.0, 1.0);
    vec3 base = uColormap == 0 ? viridis(t) : (uColormap == 1 ? thermal(t) : vec3(0.15 + 0.8 * t));
    vec3 n = normalize(vNormal);
    vec3 l = normalize(vec3(0.5, 1.0, 0.3));
    vec3 v = normalize(uEye - vWorld);
    float diff = max(dot(n, l), 0.0);
    float spec = pow(max(dot(n, normalize(l + v)), 0.0), 32.0);
    vec3 c = base * (0.35 + 0.75 * diff) + spec * 0.25;
    if (uContours > 0.5)
    {
        float q = vHeight * 6.0;
        float dist = abs(fract(q + 0.5) - 0.5);   // distance to the nearest contour level
        float line = 1.0 - smoothstep(0.0, fwidth(q) * 1.5, dist);
        c = mix(c, vec3(0.04), line * 0.55);
    }
    fragColor = vec4(c, 1.0);   // the colour maps are already in display space
}
