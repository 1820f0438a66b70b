// Notifying is background work: on a busy server the send path and the sockets go first.
#pragma once

namespace muster::app {

// Lowers the calling thread's CPU priority: SCHED_IDLE (the thread runs only on CPU time nothing
// else wants), or nice 19 where that policy is refused. For the notifier's and the push sender's
// threads.
void lower_thread_priority();

}  // namespace muster::app
