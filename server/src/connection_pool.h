// A small pool of TicketDb connections shared by the HTTP worker threads.
//
//   ConnectionPool pool(path);
//   ConnectionPool::Lease db = pool.Acquire(&err);   // opens one if none is idle
//   if (db) db->Create(...);                          // returned to the pool at scope exit
//
// Thread-safety: Acquire() and the leases' destructors may run on any thread; a
// leased TicketDb is used by one thread only.
#pragma once

#include "ticket_db.h"

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace ImContactReceiver
{

class ConnectionPool
{
public:
    static constexpr size_t MaxIdle = 8;

    explicit ConnectionPool(std::string path) : path_(std::move(path)) {}

    class Lease
    {
    public:
        Lease() = default;
        Lease(ConnectionPool* pool, std::unique_ptr<TicketDb> db) : pool_(pool), db_(std::move(db)) {}
        Lease(Lease&&) = default;
        Lease& operator=(Lease&&) = default;
        ~Lease() { if (pool_ && db_) pool_->Release(std::move(db_)); }
        explicit operator bool() const { return db_ != nullptr; }
        TicketDb* operator->() const { return db_.get(); }

    private:
        ConnectionPool* pool_ = nullptr;
        std::unique_ptr<TicketDb> db_;
    };

    Lease Acquire(std::string* error)
    {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (!idle_.empty())
            {
                std::unique_ptr<TicketDb> db = std::move(idle_.back());
                idle_.pop_back();
                return Lease(this, std::move(db));
            }
        }
        auto db = std::make_unique<TicketDb>();
        if (!db->Open(path_, true, error)) return Lease();
        return Lease(this, std::move(db));
    }

private:
    void Release(std::unique_ptr<TicketDb> db)
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (idle_.size() < MaxIdle) idle_.push_back(std::move(db));
    }

    std::string path_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<TicketDb>> idle_;
};

} // namespace ImContactReceiver
