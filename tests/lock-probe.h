/* lock-probe.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For tests: asks from another process who holds SQLite's shared lock on a
 * project file. SQLite's unix VFS keeps a read lock on 510 bytes at PENDING_BYTE + 2
 * for as long as a connection is open in WAL mode; F_GETLK with a write lock
 * reports the first process holding one. It runs in a forked child, since a
 * descriptor closed in this process would drop this process's own locks.
 */
#pragma once

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib.h>

#define LOCK_PROBE_SHARED_FIRST (0x40000000 + 2)
#define LOCK_PROBE_SHARED_SIZE  510

/* Returns the pid of a process holding the lock, or 0 when nobody does. */
static inline pid_t
lock_probe_holder (const char *path)
{
  int pipe_fds[2];
  pid_t child, holder = 0;
  int status = 0;

  g_assert_cmpint (pipe (pipe_fds), ==, 0);
  child = fork ();
  g_assert_cmpint (child, >=, 0);
  if (child == 0)
    {
      struct flock fl = { 0 };
      int fd = open (path, O_RDWR | O_CLOEXEC);
      pid_t seen = 0;

      fl.l_type = F_WRLCK;
      fl.l_whence = SEEK_SET;
      fl.l_start = LOCK_PROBE_SHARED_FIRST;
      fl.l_len = LOCK_PROBE_SHARED_SIZE;
      if (fd >= 0 && fcntl (fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK)
        seen = fl.l_pid;
      _exit (write (pipe_fds[1], &seen, sizeof seen) == sizeof seen ? 0 : 2);
    }
  close (pipe_fds[1]);
  g_assert_cmpint (read (pipe_fds[0], &holder, sizeof holder), ==, sizeof holder);
  close (pipe_fds[0]);
  g_assert_cmpint (waitpid (child, &status, 0), ==, child);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  return holder;
}
