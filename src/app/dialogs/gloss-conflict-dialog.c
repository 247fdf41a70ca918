/* gloss-conflict-dialog.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window is a template (ui/gloss-conflict-dialog.ui): header bar with Cancel and
 * the default Apply, an introduction, the error label and a box the groups go into. The
 * groups are made in code from the conflicts (one per conflict: the field by name, both
 * values by name, and the choice).
 */
#define G_LOG_DOMAIN "gloss-conflict-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "gloss-conflict-dialog.h"
#include "gloss-conflict-text.h"
#include "gloss-conflicts.h"

typedef struct {
  GlossConflict  *conflict;
  GtkCheckButton *mine;
  GtkCheckButton *theirs;
  GtkCheckButton *edit;
  GtkEntry       *entry;
} ConflictRow;

struct _GlossConflictDialog
{
  AdwWindow     parent_instance;

  GlossSession *session;
  char         *annotation_id;
  GArray       *rows;         /* ConflictRow */

  /* Template widgets */
  GtkButton    *apply_button;
  GtkBox       *content_box;
  GtkLabel     *error_label;
};

G_DEFINE_FINAL_TYPE (GlossConflictDialog, gloss_conflict_dialog, ADW_TYPE_WINDOW)

enum { SIGNAL_RESOLVED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
conflict_row_clear (ConflictRow *row)
{
  g_clear_pointer (&row->conflict, gloss_conflict_free);
}

static void
gloss_conflict_dialog_dispose (GObject *object)
{
  GlossConflictDialog *self = GLOSS_CONFLICT_DIALOG (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->annotation_id, g_free);
  g_clear_pointer (&self->rows, g_array_unref);
  G_OBJECT_CLASS (gloss_conflict_dialog_parent_class)->dispose (object);
}

static void
apply_clicked_cb (GlossConflictDialog *self)
{
  g_autoptr(GError) error = NULL;

  if (!gloss_conflict_dialog_apply (self, &error))
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

static void
gloss_conflict_dialog_class_init (GlossConflictDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gloss_conflict_dialog_dispose;
  signals[SIGNAL_RESOLVED] = g_signal_new ("resolved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                           NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Gloss/gloss-conflict-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GlossConflictDialog, apply_button);
  gtk_widget_class_bind_template_child (widget_class, GlossConflictDialog, content_box);
  gtk_widget_class_bind_template_child (widget_class, GlossConflictDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, apply_clicked_cb);
}

static void
gloss_conflict_dialog_init (GlossConflictDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_array_new (FALSE, TRUE, sizeof (ConflictRow));
  g_array_set_clear_func (self->rows, (GDestroyNotify) conflict_row_clear);
}

static void
edit_toggled_cb (GtkCheckButton *edit,
                 GtkWidget      *entry)
{
  gtk_widget_set_sensitive (entry, gtk_check_button_get_active (edit));
}

/* The core names a member in English (for the CLI and the history); the dialog
 * says it in the reader's language. A label field's name is the project's own. */
static char *
conflict_title (GlossStore          *store,
                const GlossConflict *c)
{
  static const struct { const char *core, *shown; } titles[] = {
    { "note", N_("Note") }, { "span", N_("Span") }, { "start", N_("Start") }, { "end", N_("End") },
    { "entity", N_("Entity") }, { "label", N_("Label") }, { "type", N_("Type") }, { "link type", N_("Link type") },
    { "name", N_("Name") }, { "aliases", N_("Aliases") }, { "description", N_("Description") },
    { "external reference", N_("External reference") }, { "deletion", N_("Deletion") },
    { "title", N_("Title") }, { "source", N_("Source") }, { "target", N_("Target") },
    { "published", N_("Published") }, { "colour", N_("Colour") }, { "field value", N_("Field value") },
  };
  g_autofree char *core = gloss_conflict_field_title (store, c);

  if (g_str_equal (c->table, "field_values"))
    return g_steal_pointer (&core);
  for (gsize i = 0; i < G_N_ELEMENTS (titles); i++)
    if (g_str_equal (core, titles[i].core))
      return g_strdup (_(titles[i].shown));
  /* A member without a title of its own: its name, capitalised. */
  if (*core != '\0')
    {
      g_autofree char *first = g_utf8_strup (core, g_utf8_next_char (core) - core);

      return g_strconcat (first, g_utf8_next_char (core), NULL);
    }
  return g_steal_pointer (&core);
}

static GtkWidget *
conflict_group (GlossConflictDialog *self,
                GlossStore          *store,
                ConflictRow         *row)
{
  GlossConflict *c = row->conflict;
  g_autofree char *field = conflict_title (store, c);
  g_autofree char *mine = gloss_conflict_value_text (store, c, c->mine);
  g_autofree char *theirs = gloss_conflict_value_text (store, c, c->theirs);
  g_autofree char *base = c->base ? gloss_conflict_value_text (store, c, c->base) : NULL;
  g_autofree char *mine_label = NULL;
  g_autofree char *theirs_label = NULL;
  g_autofree char *description = NULL;
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *edit_row;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), field);
  /* Translators: %s is the value both copies had before the merge */
  description = base ? g_strdup_printf (_("Before both changes: %s"), base)
                     : g_strdup (_("The copies have no common version of this value."));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);

  /* Translators: "Mine" is this project's value; %s is the value and who set it */
  mine_label = g_strdup_printf (_("Mine: %s"), mine);
  row->mine = GTK_CHECK_BUTTON (gtk_check_button_new_with_label (mine_label));
  /* Translators: "Theirs" is the other copy's value */
  theirs_label = g_strdup_printf (_("Theirs: %s"), theirs);
  row->theirs = GTK_CHECK_BUTTON (gtk_check_button_new_with_label (theirs_label));
  row->edit = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (_("_Edit:")));
  gtk_check_button_set_group (row->theirs, row->mine);
  gtk_check_button_set_group (row->edit, row->mine);
  gtk_check_button_set_active (g_strcmp0 (c->kept, "theirs") == 0 ? row->theirs : row->mine, TRUE);
  row->entry = GTK_ENTRY (gtk_entry_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (row->entry), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (row->entry), FALSE);
  /* Enter in the entry applies, as the Apply button does. */
  gtk_entry_set_activates_default (row->entry, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (row->entry), g_strcmp0 (c->kept, "theirs") == 0 ? theirs : mine);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->entry), GTK_ACCESSIBLE_PROPERTY_LABEL, field, -1);
  g_signal_connect (row->edit, "toggled", G_CALLBACK (edit_toggled_cb), row->entry);

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (row->mine));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (row->theirs));
  edit_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (edit_row), GTK_WIDGET (row->edit));
  gtk_box_append (GTK_BOX (edit_row), GTK_WIDGET (row->entry));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), edit_row);
  return group;
}

GlossConflictDialog *
gloss_conflict_dialog_new (GtkWindow    *transient_for,
                           GlossSession *session,
                           const char   *annotation_id)
{
  GlossConflictDialog *self = g_object_new (GLOSS_TYPE_CONFLICT_DIALOG,
                                            "transient-for", transient_for,
                                            NULL);
  GlossStore *store = gloss_session_get_store (session);
  g_autoptr(GPtrArray) conflicts = gloss_store_list_conflicts (store, annotation_id, NULL);

  self->session = g_object_ref (session);
  self->annotation_id = g_strdup (annotation_id);

  for (guint i = 0; conflicts != NULL && i < conflicts->len; i++)
    {
      ConflictRow row = { 0 };

      row.conflict = gloss_conflict_copy (conflicts->pdata[i]);
      g_array_append_val (self->rows, row);
      gtk_box_append (self->content_box,
                      conflict_group (self, store, &g_array_index (self->rows, ConflictRow, i)));
    }
  /* Focus starts on the first choice; Enter anywhere but Cancel applies. */
  if (self->rows->len > 0)
    gtk_widget_grab_focus (GTK_WIDGET (g_array_index (self->rows, ConflictRow, 0).mine));
  return self;
}

guint
gloss_conflict_dialog_get_n_conflicts (GlossConflictDialog *self)
{
  g_return_val_if_fail (GLOSS_IS_CONFLICT_DIALOG (self), 0);
  return self->rows->len;
}

void
gloss_conflict_dialog_choose (GlossConflictDialog *self,
                              guint                index,
                              GlossConflictChoice  choice,
                              const char          *value)
{
  ConflictRow *row;

  g_return_if_fail (GLOSS_IS_CONFLICT_DIALOG (self));
  g_return_if_fail (index < self->rows->len);

  row = &g_array_index (self->rows, ConflictRow, index);
  switch (choice)
    {
    case GLOSS_CONFLICT_MINE:
      gtk_check_button_set_active (row->mine, TRUE);
      break;
    case GLOSS_CONFLICT_THEIRS:
      gtk_check_button_set_active (row->theirs, TRUE);
      break;
    default:
      gtk_check_button_set_active (row->edit, TRUE);
      gtk_editable_set_text (GTK_EDITABLE (row->entry), value ? value : "");
      break;
    }
}

gboolean
gloss_conflict_dialog_apply (GlossConflictDialog *self,
                             GError             **error)
{
  guint done = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (GLOSS_IS_CONFLICT_DIALOG (self), FALSE);

  for (guint i = 0; ok && i < self->rows->len; i++)
    {
      ConflictRow *row = &g_array_index (self->rows, ConflictRow, i);
      GlossConflictChoice choice = gtk_check_button_get_active (row->theirs) ? GLOSS_CONFLICT_THEIRS
                                   : gtk_check_button_get_active (row->edit) ? GLOSS_CONFLICT_EDITED
                                   : GLOSS_CONFLICT_MINE;

      if (row->conflict == NULL)
        continue;   /* settled by an earlier Apply that stopped at a later row */
      ok = gloss_session_resolve_conflict (self->session, row->conflict->id, choice,
                                           gtk_editable_get_text (GTK_EDITABLE (row->entry)), error);
      if (ok)
        {
          g_clear_pointer (&row->conflict, gloss_conflict_free);
          done++;
        }
    }
  if (done > 0)
    g_signal_emit (self, signals[SIGNAL_RESOLVED], 0);
  return ok;
}
