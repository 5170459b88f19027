#version 330 core
// Anti-aliased minor/major grid lines with coloured axes, fading with distance.
in vec3 vWorld;
uniform vec3 uEye;
uniform vec3 uLineColor;
uniform float uFade;
out vec4 fragColor;

float gridLines(vec2 p, float spacing)
{
    vec2 q = p / spacing;
    vec2 w = fwidth(q);
    vec2 g = abs(fract(q - 0.5) - 0.5) / w;
    return 1.0 - min(min(g.x, g.y), 1.0);
}

void main()
{
    vec2 p = vWorld.xz;
    float minor = gridLines(p, 0.25) * 0.35;
    float major = gridLines(p, 1.0);
    vec2 w = fwidth(p);
    float axisX = 1.0 - min(abs(p.y) / w.y, 1.0);   // the x axis runs where z = 0
    float axisZ = 1.0 - min(abs(p.x) / w.x, 1.0);
    vec3 color = uLineColor;
    float alpha = max(minor, major * 0.8);
    if (axisX > 0.0) { color = mix(color, vec3(0.85, 0.30, 0.30), axisX); alpha = max(alpha, axisX); }
    if (axisZ > 0.0) { color = mix(color, vec3(0.30, 0.45, 0.90), axisZ); alpha = max(alpha, axisZ); }
    float dist = length(vWorld - uEye);
    alpha *= 1.0 - smoothstep(uFade * 0.35, uFade, dist);
    if (alpha <= 0.003) discard;
    fragColor = vec4(color, alpha);
}
