/* gloss-conflict-dialog.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rows are made in code from the conflicts (one group per conflict: the field by
 * name, both values by name, and the choice); the window around them is small enough
 * not to need a template.
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
}

static void
gloss_conflict_dialog_init (GlossConflictDialog *self)
{
  self->rows = g_array_new (FALSE, TRUE, sizeof (ConflictRow));
  g_array_set_clear_func (self->rows, (GDestroyNotify) conflict_row_clear);
}

static void
edit_toggled_cb (GtkCheckButton *edit,
                 GtkWidget      *entry)
{
  gtk_widget_set_sensitive (entry, gtk_check_button_get_active (edit));
}

static GtkWidget *
conflict_group (GlossConflictDialog *self,
                GlossStore          *store,
                ConflictRow         *row)
{
  GlossConflict *c = row->conflict;
  g_autofree char *field = gloss_conflict_field_title (store, c);
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
                                            "modal", TRUE,
                                            "title", _("Resolve Conflict"),
                                            "default-width", 520,
                                            "default-height", 480,
                                            NULL);
  GlossStore *store = gloss_session_get_store (session);
  g_autoptr(GPtrArray) conflicts = gloss_store_list_conflicts (store, annotation_id, NULL);
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *apply = gtk_button_new_with_mnemonic (_("_Apply"));
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *intro = adw_preferences_group_new ();

  self->session = g_object_ref (session);
  self->annotation_id = g_strdup (annotation_id);

  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  gtk_widget_add_css_class (apply, "suggested-action");
  g_signal_connect_swapped (apply, "clicked", G_CALLBACK (apply_clicked_cb), self);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_close), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), apply);
  gtk_box_append (GTK_BOX (toolbar), header);

  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (intro),
      _("Both copies changed these fields differently since their common version. Choose the value to keep."));
  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (intro), GTK_WIDGET (self->error_label));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (intro));

  for (guint i = 0; conflicts != NULL && i < conflicts->len; i++)
    {
      ConflictRow row = { 0 };

      row.conflict = gloss_conflict_copy (conflicts->pdata[i]);
      g_array_append_val (self->rows, row);
      adw_preferences_page_add (ADW_PREFERENCES_PAGE (page),
                                ADW_PREFERENCES_GROUP (conflict_group (self, store,
                                                                       &g_array_index (self->rows, ConflictRow, i))));
    }
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (toolbar), page);
  adw_window_set_content (ADW_WINDOW (self), toolbar);
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
