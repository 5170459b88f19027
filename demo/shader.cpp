#include "shader.h"

#include "gl.h"

#include <fstream>
#include <sstream>
#include <vector>

namespace Demo
{

bool ReadTextFile(const std::string& path, std::string* out)
{
    std::ifstream f(path, std::ios::binary);
    if (!f) return false;
    std::ostringstream ss;
    ss << f.rdbuf();
    *out = ss.str();
    return true;
}

static std::string ShaderLog(GLuint shader)
{
    GLint len = 0;
    glGetShaderiv(shader, GL_INFO_LOG_LENGTH, &len);
    std::vector<char> buf(static_cast<size_t>(len > 1 ? len : 1), '\0');
    glGetShaderInfoLog(shader, static_cast<GLsizei>(buf.size()), nullptr, buf.data());
    return buf.data();
}

static std::string ProgramLog(GLuint program)
{
    GLint len = 0;
    glGetProgramiv(program, GL_INFO_LOG_LENGTH, &len);
    std::vector<char> buf(static_cast<size_t>(len > 1 ? len : 1), '\0');
    glGetProgramInfoLog(program, static_cast<GLsizei>(buf.size()), nullptr, buf.data());
    return buf.data();
}

static GLuint CompileFile(GLenum stage, const std::string& path, std::string* error)
{
    std::string source;
    if (!ReadTextFile(path, &source))
    {
        *error = "cannot read shader " + path;
        return 0;
    }
    const GLuint shader = glCreateShader(stage);
    const char* src = source.c_str();
    glShaderSource(shader, 1, &src, nullptr);
    glCompileShader(shader);
    GLint ok = GL_FALSE;
    glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
    if (!ok)
    {
        *error = path + ": " + ShaderLog(shader);
        glDeleteShader(shader);
        return 0;
    }
    return shader;
}

unsigned int LoadProgram(const std::string& dir, const std::string& name, std::string* error)
{
    const std::string base = dir + "/" + name;
    const GLuint vs = CompileFile(GL_VERTEX_SHADER, base + ".vert", error);
    if (!vs) return 0;
    const GLuint fs = CompileFile(GL_FRAGMENT_SHADER, base + ".frag", error);
    if (!fs)
    {
        glDeleteShader(vs);
        return 0;
    }
    const GLuint program = glCreateProgram();
    glAttachShader(program, vs);
    glAttachShader(program, fs);
    glLinkProgram(program);
    glDeleteShader(vs);
    glDeleteShader(fs);
    GLint ok = GL_FALSE;
    glGetProgramiv(program, GL_LINK_STATUS, &ok);
    if (!ok)
    {
        *error = base + ": link failed: " + ProgramLog(program);
        glDeleteProgram(program);
        return 0;
    }
    return program;
}

} // namespace Demo
