/* gloss-store-checkpoint.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The write-ahead log's checkpoints, on a thread of their own.
 *
 * A commit appends the pages it changed to the project's WAL; a checkpoint copies
 * them back into the project file. SQLite runs one inside the commit that takes the
 * log past 1,000 pages, so about one tag in twenty paid for copying the pages of the
 * twenty before it (with 100,000 entities: 5 to 9 ms instead of 0.06 to 0.1, and a
 * mean three times the median). Here the store's wal hook (installed in place of
 * SQLite's) asks a thread to run the checkpoint instead, through a connection of its
 * own, in PASSIVE mode: it copies what is committed without taking any lock a writer
 * or a reader waits for, and a commit made meanwhile simply stays in the log for the
 * next one. The thread waits until no commit has been made for IDLE_US: a checkpoint
 * running beside a stream of commits slowed each of them (on two cores, the median
 * tag from 64 to 74-94 µs: the two compete for the caches and the file system, and
 * the log, never restarted, grows), whereas an analyst's tags come seconds apart, and
 * the copy is done between them. A stream that never pauses (a script's commits) is
 * checkpointed in its commits by the hook once the log passes a larger limit. The
 * thread and its connection start at the first request (a short CLI command never
 * starts them) and end before the store's own connection closes, so that connection
 * is still the last and checkpoints and removes the log as before.
 *
 * Nothing here changes what is committed, only when committed pages reach the main
 * file: a process killed during a checkpoint leaves the log, which the next open
 * reads (SQLite's own recovery). When the thread or its connection cannot start, the
 * hook checkpoints in the commit as SQLite would have.
 */
#define G_LOG_DOMAIN "gloss-store"

#include "gloss-store-private.h"

/* How long the store must have made no commit before the thread checkpoints. */
#define IDLE_US (250 * G_TIME_SPAN_MILLISECOND)

struct _GlossCheckpointer
{
  GMutex   lock;
  GCond    cond;
  GThread *thread;
  char    *path;
  gboolean wanted;
  gboolean quit;
  gboolean failed;    /* the thread or its connection could not start */
  guint    done;      /* checkpoints run */
  gint64   last_commit;   /* monotonic time of the store's last commit */
};

static gpointer
checkpoint_thread (gpointer data)
{
  GlossCheckpointer *self = data;
  sqlite3 *db = NULL;
  int rc;

  rc = sqlite3_open_v2 (self->path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE,
                        gloss_wal_vfs_register ());
  if (rc == SQLITE_OK)
    {
      /* The same guards as the store's connection; this one reads no row and does not
       * load the schema ("PRAGMA schema_version" reads the header, which opens the log
       * for the checkpoints below). */
      gloss_sqlite_harden (db);
      rc = sqlite3_exec (db, "PRAGMA mmap_size = 0; PRAGMA schema_version;", NULL, NULL, NULL);
    }
  if (rc != SQLITE_OK)
    {
      g_debug ("checkpoints stay in the commits: %s", db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close_v2 (db);
      g_mutex_lock (&self->lock);
      self->failed = TRUE;
      g_cond_broadcast (&self->cond);
      g_mutex_unlock (&self->lock);
      return NULL;
    }

  g_mutex_lock (&self->lock);
  for (;;)
    {
      while (!self->wanted && !self->quit)
        g_cond_wait (&self->cond, &self->lock);
      /* Until the store has been idle for IDLE_US (each commit moves last_commit on). */
      while (!self->quit && g_get_monotonic_time () < self->last_commit + IDLE_US)
        g_cond_wait_until (&self->cond, &self->lock, self->last_commit + IDLE_US);
      if (self->quit)
        break;
      self->wanted = FALSE;
      g_mutex_unlock (&self->lock);
      /* BUSY (another process checkpointing, or recovering the log) is left for the
       * next request; nothing else can fail without failing the store's own work too. */
      rc = sqlite3_wal_checkpoint_v2 (db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
      if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_BUSY)
        g_debug ("checkpoint: %s", sqlite3_errmsg (db));
      g_mutex_lock (&self->lock);
      self->done++;
      g_cond_broadcast (&self->cond);
    }
  g_mutex_unlock (&self->lock);
  sqlite3_close_v2 (db);
  return NULL;
}

GlossCheckpointer *
gloss_checkpointer_new (const char *path)
{
  GlossCheckpointer *self = g_new0 (GlossCheckpointer, 1);

  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->path = g_strdup (path);
  return self;
}

void
gloss_checkpointer_note_commit (GlossCheckpointer *self)
{
  g_mutex_lock (&self->lock);
  self->last_commit = g_get_monotonic_time ();
  g_mutex_unlock (&self->lock);
}

gboolean
gloss_checkpointer_request (GlossCheckpointer *self)
{
  gboolean taken;

  g_mutex_lock (&self->lock);
  self->last_commit = g_get_monotonic_time ();
  if (self->thread == NULL && !self->failed)
    {
      g_autoptr(GError) error = NULL;

      self->thread = g_thread_try_new ("gloss-checkpoint", checkpoint_thread, self, &error);
      if (self->thread == NULL)
        {
          g_debug ("checkpoints stay in the commits: %s", error->message);
          self->failed = TRUE;
        }
    }
  taken = !self->failed;
  if (taken && !self->wanted)
    {
      /* Once asked, the thread wakes by itself when the idle time is up. */
      self->wanted = TRUE;
      g_cond_signal (&self->cond);
    }
  g_mutex_unlock (&self->lock);
  return taken;
}

guint
gloss_checkpointer_wait (GlossCheckpointer *self,
                         guint              after,
                         gint64             timeout_us)
{
  gint64 end = g_get_monotonic_time () + timeout_us;
  guint done;

  g_mutex_lock (&self->lock);
  while (self->done <= after && !self->failed && self->thread != NULL)
    if (!g_cond_wait_until (&self->cond, &self->lock, end))
      break;
  done = self->done;
  g_mutex_unlock (&self->lock);
  return done;
}

void
gloss_checkpointer_free (GlossCheckpointer *self)
{
  GThread *thread;

  if (self == NULL)
    return;
  g_mutex_lock (&self->lock);
  self->quit = TRUE;
  g_cond_broadcast (&self->cond);
  thread = self->thread;
  self->thread = NULL;
  g_mutex_unlock (&self->lock);
  if (thread != NULL)
    g_thread_join (thread);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self->path);
  g_free (self);
}
