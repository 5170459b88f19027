// Test support: a minimal HTTPS server on loopback (OpenSSL), with a certificate made on
// the spot, to check that the submitter keeps TLS peer and host verification on.
//
//   ImContactTest::TlsTestServer srv;
//   REQUIRE(srv.Start(dir, "127.0.0.1"));   // certificate for this name (IP or DNS)
//   srv.CertPath()                          // PEM of the self-signed certificate
//   srv.Url()                               // "https://127.0.0.1:PORT"
//   srv.Requests()                          // requests that got through the handshake
#pragma once

#include "fault_server.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <arpa/inet.h>
#include <csignal>
#include <cstdio>
#include <sys/time.h>

namespace ImContactTest
{

// Writes a self-signed certificate (EC P-256) for 'name' and its key as PEM files.
inline bool MakeSelfSignedCert(const std::string& name, const std::string& cert_path, const std::string& key_path)
{
    EVP_PKEY* key = EVP_EC_gen("P-256");
    if (!key) return false;
    X509* cert = X509_new();
    bool ok = cert != nullptr;
    if (ok)
    {
        X509_set_version(cert, 2);
        ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
        X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
        X509_gmtime_adj(X509_getm_notAfter(cert), 24 * 3600);
        X509_set_pubkey(cert, key);
        X509_NAME* subject = X509_get_subject_name(cert);
        X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(name.c_str()), -1, -1, 0);
        X509_set_issuer_name(cert, subject);
        in_addr ip{};
        const std::string san = (::inet_pton(AF_INET, name.c_str(), &ip) == 1 ? "IP:" : "DNS:") + name;
        X509V3_CTX ctx;
        X509V3_set_ctx_nodb(&ctx);
        X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
        X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_alt_name, san.c_str());
        ok = ext != nullptr && X509_add_ext(cert, ext, -1) == 1;
        if (ext) X509_EXTENSION_free(ext);
        ok = ok && X509_sign(cert, key, EVP_sha256()) > 0;
    }
    if (ok)
    {
        FILE* f = std::fopen(cert_path.c_str(), "wb");
        ok = f && PEM_write_X509(f, cert) == 1;
        if (f) std::fclose(f);
        f = std::fopen(key_path.c_str(), "wb");
        ok = ok && f && PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
        if (f) std::fclose(f);
    }
    X509_free(cert);
    EVP_PKEY_free(key);
    return ok;
}

class TlsTestServer
{
public:
    TlsTestServer() = default;
    ~TlsTestServer() { Stop(); }
    TlsTestServer(const TlsTestServer&) = delete;
    TlsTestServer& operator=(const TlsTestServer&) = delete;

    // 'reply' answers every request that gets through the handshake.
    bool Start(const std::string& dir, const std::string& cert_name, Reply reply)
    {
        // OpenSSL writes to the socket with write(): a client that hangs up (as it should
        // on a certificate it refuses) must not kill the test with SIGPIPE.
        std::signal(SIGPIPE, SIG_IGN);
        reply_ = std::move(reply);
        cert_path_ = dir + "/cert.pem";
        const std::string key_path = dir + "/key.pem";
        if (!MakeSelfSignedCert(cert_name, cert_path_, key_path)) return false;
        ctx_ = SSL_CTX_new(TLS_server_method());
        if (!ctx_ || SSL_CTX_use_certificate_file(ctx_, cert_path_.c_str(), SSL_FILETYPE_PEM) != 1 ||
            SSL_CTX_use_PrivateKey_file(ctx_, key_path.c_str(), SSL_FILETYPE_PEM) != 1)
            return false;
        listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (listen_fd_ < 0 || ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
            ::listen(listen_fd_, 8) != 0)
            return false;
        socklen_t len = sizeof(addr);
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
        port_ = ntohs(addr.sin_port);
        thread_ = std::thread([this] { Loop(); });
        return true;
    }

    void Stop()
    {
        stop_.store(true);
        if (thread_.joinable()) thread_.join();
        if (listen_fd_ >= 0) { ::close(listen_fd_); listen_fd_ = -1; }
        if (ctx_) { SSL_CTX_free(ctx_); ctx_ = nullptr; }
    }

    std::string Url(const std::string& host = "127.0.0.1") const { return "https://" + host + ":" + std::to_string(port_); }
    const std::string& CertPath() const { return cert_path_; }
    int Handshakes() const { return handshakes_.load(); }
    int Requests() const { return requests_.load(); }

private:
    // One connection at a time, with socket timeouts so that nothing hangs a test.
    void Loop()
    {
        while (!stop_.load())
        {
            pollfd p{ listen_fd_, POLLIN, 0 };
            if (::poll(&p, 1, 20) <= 0) continue;
            const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0) continue;
            timeval tv{ 2, 0 };
            ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
            ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
            SSL* ssl = SSL_new(ctx_);
            SSL_set_fd(ssl, fd);
            if (SSL_accept(ssl) == 1)
            {
                handshakes_.fetch_add(1);
                Serve(ssl);
                SSL_shutdown(ssl);
            }
            SSL_free(ssl);
            ERR_clear_error();
            ::close(fd);
        }
    }

    void Serve(SSL* ssl)
    {
        std::string data;
        char buf[16384];
        size_t head_end = std::string::npos, content_length = 0;
        for (;;)
        {
            if (head_end == std::string::npos && (head_end = data.find("\r\n\r\n")) != std::string::npos)
            {
                std::string lower = data.substr(0, head_end);
                std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
                const size_t cl = lower.find("content-length:");
                if (cl != std::string::npos) content_length = std::stoul(lower.substr(cl + 15));
            }
            if (head_end != std::string::npos && data.size() >= head_end + 4 + content_length) break;
            const int n = SSL_read(ssl, buf, sizeof(buf));
            if (n <= 0) return;
            data.append(buf, static_cast<size_t>(n));
        }
        requests_.fetch_add(1);
        const std::string out = "HTTP/1.1 " + std::to_string(reply_.Status) + " OK\r\nContent-Type: " + reply_.ContentType +
                                "\r\nContent-Length: " + std::to_string(reply_.Body.size()) + "\r\nConnection: close\r\n\r\n" + reply_.Body;
        SSL_write(ssl, out.data(), static_cast<int>(out.size()));
    }

    SSL_CTX* ctx_ = nullptr;
    int listen_fd_ = -1;
    int port_ = 0;
    std::string cert_path_;
    Reply reply_;
    std::atomic<bool> stop_{ false };
    std::atomic<int> handshakes_{ 0 };
    std::atomic<int> requests_{ 0 };
    std::thread thread_;
};

} // namespace ImContactTest
