/* gloss-history-dialog.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-history"

#include "config.h"

#include <glib/gi18n.h>

#include "gloss-keynav.h"

#include "gloss-history-dialog.h"
#include "gloss-row-names.h"
#include "gloss-util.h"

/* A document's history holds its annotations' too: the newest this many are listed
 * (each is a row of widgets); older ones are counted. */
#define MAX_ROWS 300

struct _GlossHistoryDialog
{
  AdwWindow        parent_instance;

  /* Template children */
  AdwToastOverlay *toast_overlay;
  AdwWindowTitle  *window_title;
  GtkStack        *stack;
  GtkListBox      *list_box;

  GlossStore      *store;        /* weak: gone when the window lets go of the project */
  char            *table;        /* "annotations" or "documents" */
  char            *id;
  GPtrArray       *entries;      /* GlossHistoryEntry*, newest first */
  GPtrArray       *texts;        /* char*: what each row shows, for tests */
};

G_DEFINE_FINAL_TYPE (GlossHistoryDialog, gloss_history_dialog, ADW_TYPE_WINDOW)

enum {
  PROJECT_CHANGING,
  PROJECT_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GlossStore *
gloss_history_dialog_get_store (GlossHistoryDialog *self)
{
  return self->store;
}

/* ------------------------------------------------------------------------- */
/* What an entry says                                                        */

static char *
format_when (const char *iso)
{
  g_autoptr(GDateTime) utc = iso ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (utc == NULL)
    return g_strdup (iso ? iso : "");
  local = g_date_time_to_local (utc);
  if (g_date_time_get_year (local) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now))
    /* Translators: when a change was made today, see g_date_time_format() */
    return g_date_time_format (local, _("Today at %H:%M:%S"));
  /* Translators: when a change was made, see g_date_time_format() */
  return g_date_time_format (local, _("%e %b %Y, %H:%M"));
}

static const char *
action_title (const GlossHistoryEntry *entry)
{
  const char *action = entry->action;
  gboolean value = g_strcmp0 (entry->table, "field_values") == 0;

  if (g_strcmp0 (action, GLOSS_HISTORY_CREATE) == 0)
    return value ? _("Set") : _("Created");
  if (g_strcmp0 (action, GLOSS_HISTORY_EDIT) == 0)
    return value && entry->after == NULL ? _("Cleared") : _("Edited");
  if (g_strcmp0 (action, GLOSS_HISTORY_DELETE) == 0)
    return value ? _("Cleared") : _("Deleted");
  if (g_strcmp0 (action, GLOSS_HISTORY_MERGE) == 0)
    return _("Merged from another copy");
  if (g_strcmp0 (action, GLOSS_HISTORY_RESTORE) == 0)
    return _("Restored an earlier version");
  if (g_strcmp0 (action, GLOSS_HISTORY_IMPORT) == 0)
    return _("Imported");
  return action;
}

/* A snapshot that is blank or broken (a damaged file) reads as none. */
static JsonObject *
parse_object (JsonNode  **root,
              const char *json)
{
  *root = gloss_json_parse_text (json, JSON_NODE_OBJECT, NULL);
  return *root ? json_node_get_object (*root) : NULL;
}

/* Members that say which row a snapshot is, or when it was written: not changes. */
static gboolean
skip_member (const GlossHistoryEntry *entry,
             const char              *member)
{
  /* A version's identity (docs/MERGE.md) means nothing to a reader. */
  if (g_str_equal (member, "modified") || g_str_equal (member, "id") || g_str_equal (member, "version"))
    return TRUE;
  if (g_strcmp0 (entry->table, "field_values") == 0)
    return g_str_equal (member, "annotation") || g_str_equal (member, "field") || g_str_equal (member, "created");
  /* The headline says so already. */
  if (g_str_equal (member, "deleted"))
    return g_strcmp0 (entry->action, GLOSS_HISTORY_DELETE) == 0;
  return FALSE;
}

/* What was set when a row was created: the few members that tell it apart. */
static gboolean
creation_member (const char *member)
{
  return g_str_equal (member, "label") || g_str_equal (member, "note") || g_str_equal (member, "value") ||
         g_str_equal (member, "name") || g_str_equal (member, "type") || g_str_equal (member, "entity");
}

/* One line per member that differs: "Label: Claim → Risk". */
static GPtrArray *
describe_changes (GlossRowNames           *names,
                  const GlossHistoryEntry *entry)
{
  g_autoptr(JsonNode) pa = NULL;
  g_autoptr(JsonNode) pb = NULL;
  g_autoptr(GList) members = NULL;
  g_autoptr(GList) before_members = NULL;
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  JsonObject *before = parse_object (&pa, entry->before);
  JsonObject *after = parse_object (&pb, entry->after);

  if (after != NULL)
    members = json_object_get_members (after);
  if (before != NULL)
    {
      before_members = json_object_get_members (before);
      for (GList *l = before_members; l; l = l->next)
        if (after == NULL || !json_object_has_member (after, l->data))
          members = g_list_append (members, l->data);
    }

  for (GList *l = members; l; l = l->next)
    {
      const char *member = l->data;
      JsonNode *old = before ? json_object_get_member (before, member) : NULL;
      JsonNode *new = after ? json_object_get_member (after, member) : NULL;
      g_autofree char *title = NULL;
      g_autofree char *new_text = NULL;

      if (skip_member (entry, member))
        continue;
      if (old != NULL && new != NULL && json_node_equal (old, new))
        continue;
      if (before == NULL)
        {
          /* A new row: what it was created with, not every member. */
          if (!creation_member (member) || new == NULL || JSON_NODE_HOLDS_NULL (new))
            continue;
          title = gloss_row_names_member (names, entry->table, member, entry->sub_id);
          new_text = gloss_row_names_value (names, entry->table, member, entry->sub_id, new);
          /* Translators: what a new row was created with: "Label: Claim" */
          g_ptr_array_add (lines, g_strdup_printf (_("%s: %s"), title, new_text));
          continue;
        }
      {
        g_autofree char *old_text = gloss_row_names_value (names, entry->table, member, entry->sub_id, old);

        title = gloss_row_names_member (names, entry->table, member, entry->sub_id);
        new_text = gloss_row_names_value (names, entry->table, member, entry->sub_id, new);
        /* Translators: one change: "Label: Claim → Risk" */
        g_ptr_array_add (lines, g_strdup_printf (_("%s: %s → %s"), title, old_text, new_text));
      }
    }
  return lines;
}

/* The row an entry is about when it is not the dialog's own subject: an annotation
 * of the document, a field of the annotation, a link. */
static char *
describe_object (GlossHistoryDialog      *self,
                 GlossRowNames           *names,
                 const GlossHistoryEntry *entry)
{
  g_autofree char *name = NULL;

  if (g_strcmp0 (entry->table, "field_values") == 0)
    {
      g_autofree char *field = gloss_row_names_member (names, entry->table, "value", entry->sub_id);

      if (g_strcmp0 (self->table, "annotations") == 0)
        /* Translators: %s is the name of a field, e.g. Likelihood */
        return g_strdup_printf (_("Field “%s”"), field);
      name = gloss_row_names_name (names, "annotations", entry->row_id);
      /* Translators: a field of an annotation: Field “Likelihood” of “quote” */
      return g_strdup_printf (_("Field “%s” of %s"), field, name);
    }
  if (g_strcmp0 (entry->table, self->table) == 0 && g_strcmp0 (entry->row_id, self->id) == 0)
    return NULL;
  name = gloss_row_names_name (names, entry->table, entry->row_id);
  /* Translators: the row a change is about: Annotation “quote” */
  return g_strdup_printf (_("%s %s"), gloss_row_names_kind (entry->table), name);
}

/* ------------------------------------------------------------------------- */
/* Rows                                                                      */

static void
restore_clicked_cb (GtkButton          *button,
                    GlossHistoryDialog *self)
{
  gint64 history_id = *(gint64 *) g_object_get_data (G_OBJECT (button), "gloss-history-id");
  g_autoptr(GError) error = NULL;

  if (!gloss_history_dialog_restore (self, history_id, &error))
    {
      AdwToast *toast = adw_toast_new (error->message);

      adw_toast_set_timeout (toast, 8);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      return;
    }
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Earlier version restored")));
}

static GtkWidget *
make_label (const char *text,
            const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  return label;
}

static GtkWidget *
make_row (GlossHistoryDialog      *self,
          GlossRowNames           *names,
          const GlossHistoryEntry *entry,
          gboolean                 editable,
          GString                 *text)
{
  g_autoptr(GPtrArray) changes = describe_changes (names, entry);
  g_autofree char *object = describe_object (self, names, entry);
  g_autofree char *when = format_when (entry->at);
  g_autofree char *meta = NULL;
  g_autofree char *description = gloss_history_entry_describe (entry);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *label;

  gtk_widget_add_css_class (box, "gloss-history-entry");
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  label = make_label (action_title (entry), "heading");
  gtk_box_append (GTK_BOX (box), label);
  g_string_append (text, action_title (entry));
  if (object != NULL)
    {
      gtk_box_append (GTK_BOX (box), make_label (object, NULL));
      g_string_append_printf (text, "\n%s", object);
    }

  if (entry->who != NULL && *entry->who)
    /* Translators: who made a change and when: "Tess Tester · Today at 14:02:11" */
    meta = g_strdup_printf (_("%s · %s"), entry->who, when);
  else
    meta = g_strdup (when);
  gtk_box_append (GTK_BOX (box), make_label (meta, "dim-label"));
  g_string_append_printf (text, "\n%s", meta);

  if (changes->len > 0)
    {
      GtkWidget *changes_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

      gtk_widget_set_margin_top (changes_box, 4);
      gtk_widget_add_css_class (changes_box, "gloss-history-changes");
      for (guint i = 0; i < changes->len; i++)
        {
          const char *line = g_ptr_array_index (changes, i);

          gtk_box_append (GTK_BOX (changes_box), make_label (line, NULL));
          g_string_append_printf (text, "\n%s", line);
        }
      gtk_box_append (GTK_BOX (box), changes_box);
    }

  /* The core's own wording, with the ids, for those who need them. */
  gtk_widget_set_tooltip_text (box, description);

  if (entry->before != NULL)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Restore Earlier Version"));
      gint64 *id = g_new (gint64, 1);

      *id = entry->id;
      g_object_set_data_full (G_OBJECT (button), "gloss-history-id", id, g_free);
      gtk_widget_set_halign (button, GTK_ALIGN_END);
      gtk_widget_set_margin_top (button, 6);
      gtk_widget_set_sensitive (button, editable);
      gtk_widget_set_tooltip_text (button, _("Bring back the version from before this change (the values left of the arrows)"));
      g_signal_connect_object (button, "clicked", G_CALLBACK (restore_clicked_cb), self, 0);
      gtk_box_append (GTK_BOX (box), button);
    }
  return row;
}

void
gloss_history_dialog_reload (GlossHistoryDialog *self)
{
  GlossStore *store;
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossRowNames) names = NULL;
  g_autofree char *subject = NULL;
  GtkWidget *child;
  gboolean editable;

  g_return_if_fail (GLOSS_IS_HISTORY_DIALOG (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_ptr_array_set_size (self->texts, 0);

  store = gloss_history_dialog_get_store (self);
  if (store == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  names = gloss_row_names_new (store);
  editable = !gloss_store_is_read_only (store);

  subject = gloss_row_names_name (names, self->table, self->id);
  {
    /* Translators: the subtitle of the History window: Annotation “quote” */
    g_autofree char *subtitle = g_strdup_printf (_("%s %s"), gloss_row_names_kind (self->table), subject);

    adw_window_title_set_subtitle (self->window_title, subtitle);
  }

  self->entries = gloss_store_list_history (store, self->id, &error);
  if (self->entries == NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_history_entry_free);
    }
  for (guint i = 0; i < self->entries->len && i < MAX_ROWS; i++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      GtkWidget *row = make_row (self, names, g_ptr_array_index (self->entries, i), editable, text);

      gtk_list_box_append (self->list_box, row);
      g_ptr_array_add (self->texts, g_string_free (g_steal_pointer (&text), FALSE));
    }
  if (self->entries->len > MAX_ROWS)
    {
      guint more = self->entries->len - MAX_ROWS;
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "…and %u older change",
                                                            "…and %u older changes", more), more);
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *label = make_label (text, "dim-label");

      gtk_widget_add_css_class (label, "gloss-history-entry");
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      gtk_list_box_append (self->list_box, row);
    }
  gtk_stack_set_visible_child_name (self->stack, self->entries->len > 0 ? "list" : "empty");
}

GPtrArray *
gloss_history_dialog_get_entries (GlossHistoryDialog *self)
{
  g_return_val_if_fail (GLOSS_IS_HISTORY_DIALOG (self), NULL);
  return self->entries;
}

char *
gloss_history_dialog_dup_row_text (GlossHistoryDialog *self,
                                   guint               index)
{
  g_return_val_if_fail (GLOSS_IS_HISTORY_DIALOG (self), NULL);
  return index < self->texts->len ? g_strdup (g_ptr_array_index (self->texts, index)) : NULL;
}

gboolean
gloss_history_dialog_restore (GlossHistoryDialog *self,
                              gint64              history_id,
                              GError            **error)
{
  GlossStore *store;

  g_return_val_if_fail (GLOSS_IS_HISTORY_DIALOG (self), FALSE);

  store = gloss_history_dialog_get_store (self);
  if (store == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED, _("The project is no longer open."));
      return FALSE;
    }
  /* A note being typed is newer than any version here: the window saves it first,
   * so that the restore is what the project holds afterwards. */
  g_signal_emit (self, signals[PROJECT_CHANGING], 0);
  if (!gloss_store_restore_version (store, history_id, error))
    return FALSE;
  g_signal_emit (self, signals[PROJECT_CHANGED], 0);
  gloss_history_dialog_reload (self);
  return TRUE;
}

/* ------------------------------------------------------------------------- */
/* GObject                                                                   */

static void
gloss_history_dialog_finalize (GObject *object)
{
  GlossHistoryDialog *self = GLOSS_HISTORY_DIALOG (object);

  g_clear_weak_pointer (&self->store);
  g_free (self->table);
  g_free (self->id);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->texts, g_ptr_array_unref);
  G_OBJECT_CLASS (gloss_history_dialog_parent_class)->finalize (object);
}

static void
gloss_history_dialog_class_init (GlossHistoryDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = gloss_history_dialog_finalize;

  /**
   * GlossHistoryDialog::project-changing:
   * @self: the dialog
   *
   * A restore is about to change the project: the window saves what is being typed.
   */
  signals[PROJECT_CHANGING] =
    g_signal_new ("project-changing", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /**
   * GlossHistoryDialog::project-changed:
   * @self: the dialog
   *
   * A restore changed the project: the window reads it again.
   */
  signals[PROJECT_CHANGED] =
    g_signal_new ("project-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Gloss/gloss-history-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GlossHistoryDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GlossHistoryDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, GlossHistoryDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, GlossHistoryDialog, list_box);
}

static void
gloss_history_dialog_init (GlossHistoryDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gloss_row_names_load_css ();
  self->texts = g_ptr_array_new_with_free_func (g_free);
  gloss_keynav_escape_closes (GTK_WINDOW (self));
}

GlossHistoryDialog *
gloss_history_dialog_new (GtkWindow  *transient_for,
                          GlossStore *store,
                          const char *table,
                          const char *id)
{
  GlossHistoryDialog *self;

  g_return_val_if_fail (transient_for == NULL || GTK_IS_WINDOW (transient_for), NULL);
  g_return_val_if_fail (GLOSS_IS_STORE (store), NULL);
  g_return_val_if_fail (table != NULL && id != NULL, NULL);

  self = g_object_new (GLOSS_TYPE_HISTORY_DIALOG, "transient-for", transient_for, NULL);
  g_set_weak_pointer (&self->store, store);
  self->table = g_strdup (table);
  self->id = g_strdup (id);
  gloss_history_dialog_reload (self);
  return self;
}
