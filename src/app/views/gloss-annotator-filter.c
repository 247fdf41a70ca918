/* gloss-annotator-filter.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The popover is built in code, not from a template: everything in it but two
 * buttons is one row per annotator of the project, rebuilt when the list changes.
 *
 *   GlossAnnotatorFilter
 *   └── GtkMenuButton ─ GtkPopover ─ GtkBox
 *                                    ├── heading, one GtkCheckButton per annotator (● name)
 *                                    ├── "Show All"
 *                                    ├── "Colour by annotator" + GtkSwitch
 *                                    └── "Compare…", "Agreement…" (win.compare, win.agreement)
 */
#define G_LOG_DOMAIN "gloss-annotator-filter"

#include "config.h"

#include <glib/gi18n.h>

#include "gloss-annotator-filter.h"

struct _GlossAnnotatorFilter
{
  GtkWidget      parent_instance;

  GtkWidget     *button;
  GtkWidget     *popover;
  GtkWidget     *rows;          /* GtkBox of the check buttons */
  GtkWidget     *show_all;
  GtkWidget     *colour_switch;

  GSettings     *settings;
  GlossStore    *store;
  GPtrArray     *names;         /* char*, in the order annotators joined */
  GHashTable    *colours;       /* name -> palette colour (borrowed strings) */
  GHashTable    *hidden;        /* name set */
  gboolean       updating;
};

G_DEFINE_FINAL_TYPE (GlossAnnotatorFilter, gloss_annotator_filter, GTK_TYPE_WIDGET)

enum {
  FILTER_CHANGED,
  COLOURS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* GNOME palette tones (blue 3, orange 4, green 4, purple 3, red 3, yellow 4) and two
 * more hues. Each is drawn at 35 % over the page, which keeps black text readable on
 * the light page and white text on the dark one; the solid colour is used for the
 * legend dots. Adjacent entries are far apart in hue, so two annotators compared
 * side by side (the first two) are blue and orange, which colour-blind readers can
 * also tell apart. */
static const char * const palette[] = {
  "#3584e4", "#e66100", "#26a269", "#9141ac",
  "#c01c28", "#e5a50a", "#2190a4", "#c061cb",
};

const char *
gloss_annotator_palette_colour (guint index)
{
  return palette[index % G_N_ELEMENTS (palette)];
}

static char *
dot_markup (const char *colour)
{
  return g_strdup_printf ("<span foreground=\"%s\">●</span>", colour);
}

static void
update_button (GlossAnnotatorFilter *self)
{
  guint hidden = 0;

  for (guint i = 0; i < self->names->len; i++)
    if (g_hash_table_contains (self->hidden, g_ptr_array_index (self->names, i)))
      hidden++;

  /* The accent colour says at a glance that some annotations are not shown. */
  if (hidden > 0)
    {
      g_autofree char *tip = g_strdup_printf (ngettext ("Annotators: %u hidden", "Annotators: %u hidden", hidden),
                                              hidden);

      gtk_widget_add_css_class (self->button, "accent");
      gtk_widget_set_tooltip_text (self->button, tip);
    }
  else
    {
      gtk_widget_remove_css_class (self->button, "accent");
      gtk_widget_set_tooltip_text (self->button, _("Annotators"));
    }
  gtk_widget_set_sensitive (self->show_all, hidden > 0);
}

static void
check_toggled_cb (GtkCheckButton       *check,
                  GlossAnnotatorFilter *self)
{
  const char *name = g_object_get_data (G_OBJECT (check), "gloss-annotator");

  if (self->updating)
    return;
  gloss_annotator_filter_set_shown (self, name, gtk_check_button_get_active (check));
}

static void
rebuild_rows (GlossAnnotatorFilter *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->rows)) != NULL)
    gtk_box_remove (GTK_BOX (self->rows), child);

  if (self->names->len == 0)
    {
      GtkWidget *empty = gtk_label_new (_("No annotations yet"));

      gtk_widget_add_css_class (empty, "dim-label");
      gtk_widget_set_margin_top (empty, 6);
      gtk_widget_set_margin_bottom (empty, 6);
      gtk_box_append (GTK_BOX (self->rows), empty);
    }

  self->updating = TRUE;
  for (guint i = 0; i < self->names->len; i++)
    {
      const char *name = g_ptr_array_index (self->names, i);
      GtkWidget *check = gtk_check_button_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *dot = gtk_label_new (NULL);
      GtkWidget *label = gtk_label_new (name);
      g_autofree char *markup = dot_markup (g_hash_table_lookup (self->colours, name));

      gtk_label_set_markup (GTK_LABEL (dot), markup);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
      gtk_box_append (GTK_BOX (box), dot);
      gtk_box_append (GTK_BOX (box), label);
      gtk_check_button_set_child (GTK_CHECK_BUTTON (check), box);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), !g_hash_table_contains (self->hidden, name));
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      g_object_set_data_full (G_OBJECT (check), "gloss-annotator", g_strdup (name), g_free);
      g_signal_connect (check, "toggled", G_CALLBACK (check_toggled_cb), self);
      gtk_box_append (GTK_BOX (self->rows), check);
    }
  self->updating = FALSE;
  update_button (self);
}

static void
sync_checks (GlossAnnotatorFilter *self)
{
  self->updating = TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (self->rows); c; c = gtk_widget_get_next_sibling (c))
    {
      const char *name = g_object_get_data (G_OBJECT (c), "gloss-annotator");

      if (name != NULL)
        gtk_check_button_set_active (GTK_CHECK_BUTTON (c), !g_hash_table_contains (self->hidden, name));
    }
  self->updating = FALSE;
  update_button (self);
}

static int
compare_joined (gconstpointer a,
                gconstpointer b)
{
  const GlossAnnotator *x = *(const GlossAnnotator **) a;
  const GlossAnnotator *y = *(const GlossAnnotator **) b;
  int c = g_strcmp0 (x->created, y->created);

  return c != 0 ? c : g_strcmp0 (x->name, y->name);
}

/* Reads the annotator names, in the order they joined, without duplicates. */
static GPtrArray *
read_names (GlossStore *store)
{
  GPtrArray *names = g_ptr_array_new_null_terminated (0, g_free, TRUE);
  g_autoptr(GPtrArray) annotators = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  if (store == NULL)
    return names;
  annotators = gloss_store_list_annotators (store, &error);
  if (annotators == NULL)
    {
      g_warning ("Could not list annotators: %s", error->message);
      return names;
    }
  g_ptr_array_sort (annotators, compare_joined);
  for (guint i = 0; i < annotators->len; i++)
    {
      const GlossAnnotator *a = g_ptr_array_index (annotators, i);

      if (a->name == NULL || g_hash_table_contains (seen, a->name))
        continue;
      g_hash_table_add (seen, a->name);
      g_ptr_array_add (names, g_strdup (a->name));
    }
  return names;
}

static gboolean
same_names (GPtrArray *a,
            GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (g_strcmp0 (g_ptr_array_index (a, i), g_ptr_array_index (b, i)) != 0)
      return FALSE;
  return TRUE;
}

/* Takes @names as the project's annotators; returns whether the list changed. */
static gboolean
take_names (GlossAnnotatorFilter *self,
            GPtrArray            *names)
{
  if (same_names (self->names, names))
    {
      g_ptr_array_unref (names);
      return FALSE;
    }
  g_hash_table_remove_all (self->colours);
  g_ptr_array_unref (self->names);
  self->names = names;
  for (guint i = 0; i < self->names->len; i++)
    g_hash_table_insert (self->colours, g_ptr_array_index (self->names, i),
                         (gpointer) gloss_annotator_palette_colour (i));
  rebuild_rows (self);
  return TRUE;
}

static void
store_changed_cb (GlossAnnotatorFilter *self,
                  GlossChangeKind       kind,
                  const char           *detail,
                  GlossStore           *store)
{
  /* A first annotation by someone new adds an annotator (and a colour). */
  if (kind == GLOSS_CHANGE_ANNOTATIONS || kind == GLOSS_CHANGE_ALL)
    gloss_annotator_filter_refresh (self);
}

static void
popover_show_cb (GlossAnnotatorFilter *self)
{
  gloss_annotator_filter_refresh (self);
}

static void
show_all_clicked_cb (GlossAnnotatorFilter *self)
{
  gloss_annotator_filter_show_all (self);
}

static void
colour_setting_changed_cb (GlossAnnotatorFilter *self)
{
  g_signal_emit (self, signals[COLOURS_CHANGED], 0);
}

/* ------------------------------------------------------------------------- */

GtkWidget *
gloss_annotator_filter_new (void)
{
  return g_object_new (GLOSS_TYPE_ANNOTATOR_FILTER, NULL);
}

void
gloss_annotator_filter_set_store (GlossAnnotatorFilter *self,
                                  GlossStore           *store)
{
  g_return_if_fail (GLOSS_IS_ANNOTATOR_FILTER (self));

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);

  /* Another project: its own annotators, all shown. */
  g_hash_table_remove_all (self->hidden);
  take_names (self, read_names (store));
  sync_checks (self);
  g_signal_emit (self, signals[FILTER_CHANGED], 0);
  g_signal_emit (self, signals[COLOURS_CHANGED], 0);
}

void
gloss_annotator_filter_refresh (GlossAnnotatorFilter *self)
{
  g_return_if_fail (GLOSS_IS_ANNOTATOR_FILTER (self));

  if (take_names (self, read_names (self->store)))
    g_signal_emit (self, signals[COLOURS_CHANGED], 0);
}

const char * const *
gloss_annotator_filter_get_annotators (GlossAnnotatorFilter *self)
{

  static const char * const none[] = { NULL };

  g_return_val_if_fail (GLOSS_IS_ANNOTATOR_FILTER (self), NULL);

  /* The array is NULL-terminated (g_ptr_array_new_null_terminated). */
  return self->names->len > 0 ? (const char * const *) self->names->pdata : none;
}

gboolean
gloss_annotator_filter_is_shown (GlossAnnotatorFilter *self,
                                 const char           *name)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATOR_FILTER (self), TRUE);
  return name == NULL || !g_hash_table_contains (self->hidden, name);
}

void
gloss_annotator_filter_set_shown (GlossAnnotatorFilter *self,
                                  const char           *name,
                                  gboolean              shown)
{
  g_return_if_fail (GLOSS_IS_ANNOTATOR_FILTER (self));

  if (name == NULL || gloss_annotator_filter_is_shown (self, name) == !!shown)
    return;
  if (shown)
    g_hash_table_remove (self->hidden, name);
  else
    g_hash_table_add (self->hidden, g_strdup (name));
  sync_checks (self);
  g_signal_emit (self, signals[FILTER_CHANGED], 0);
}

void
gloss_annotator_filter_show_all (GlossAnnotatorFilter *self)
{
  g_return_if_fail (GLOSS_IS_ANNOTATOR_FILTER (self));

  if (g_hash_table_size (self->hidden) == 0)
    return;
  g_hash_table_remove_all (self->hidden);
  sync_checks (self);
  g_signal_emit (self, signals[FILTER_CHANGED], 0);
}

char **
gloss_annotator_filter_dup_hidden (GlossAnnotatorFilter *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (GLOSS_IS_ANNOTATOR_FILTER (self), NULL);

  g_hash_table_iter_init (&iter, self->hidden);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_strv_builder_add (builder, key);
  return g_strv_builder_end (builder);
}

gboolean
gloss_annotator_filter_get_colour_by_annotator (GlossAnnotatorFilter *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATOR_FILTER (self), FALSE);
  return g_settings_get_boolean (self->settings, "colour-by-annotator");
}

void
gloss_annotator_filter_set_colour_by_annotator (GlossAnnotatorFilter *self,
                                                gboolean              colour)
{
  g_return_if_fail (GLOSS_IS_ANNOTATOR_FILTER (self));
  g_settings_set_boolean (self->settings, "colour-by-annotator", colour);
}

const char *
gloss_annotator_filter_get_colour (GlossAnnotatorFilter *self,
                                   const char           *name)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATOR_FILTER (self), NULL);
  return name ? g_hash_table_lookup (self->colours, name) : NULL;
}

GHashTable *
gloss_annotator_filter_get_colours (GlossAnnotatorFilter *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATOR_FILTER (self), NULL);
  return gloss_annotator_filter_get_colour_by_annotator (self) ? self->colours : NULL;
}

GtkMenuButton *
gloss_annotator_filter_get_button (GlossAnnotatorFilter *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATOR_FILTER (self), NULL);
  return GTK_MENU_BUTTON (self->button);
}

/* ------------------------------------------------------------------------- */

static void
gloss_annotator_filter_dispose (GObject *object)
{
  GlossAnnotatorFilter *self = GLOSS_ANNOTATOR_FILTER (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_pointer (&self->button, gtk_widget_unparent);

  G_OBJECT_CLASS (gloss_annotator_filter_parent_class)->dispose (object);
}

static void
gloss_annotator_filter_finalize (GObject *object)
{
  GlossAnnotatorFilter *self = GLOSS_ANNOTATOR_FILTER (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->colours, g_hash_table_unref);
  g_clear_pointer (&self->names, g_ptr_array_unref);
  g_clear_pointer (&self->hidden, g_hash_table_unref);

  G_OBJECT_CLASS (gloss_annotator_filter_parent_class)->finalize (object);
}

static void
gloss_annotator_filter_class_init (GlossAnnotatorFilterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gloss_annotator_filter_dispose;
  object_class->finalize = gloss_annotator_filter_finalize;

  signals[FILTER_CHANGED] = g_signal_new ("filter-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[COLOURS_CHANGED] = g_signal_new ("colours-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "gloss-annotator-filter");
}

static GtkWidget *
heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "heading");
  return label;
}

static void
gloss_annotator_filter_init (GlossAnnotatorFilter *self)
{
  GtkWidget *box, *row, *label, *buttons, *button;

  self->settings = g_settings_new (APP_ID);
  self->names = g_ptr_array_new_null_terminated (0, g_free, TRUE);
  self->colours = g_hash_table_new (g_str_hash, g_str_equal);
  self->hidden = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_box_append (GTK_BOX (box), heading (_("Show Annotations By")));

  self->rows = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), self->rows);

  self->show_all = gtk_button_new_with_mnemonic (_("Show _All"));
  gtk_widget_add_css_class (self->show_all, "flat");
  gtk_widget_set_halign (self->show_all, GTK_ALIGN_START);
  g_signal_connect_swapped (self->show_all, "clicked", G_CALLBACK (show_all_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), self->show_all);

  gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));

  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  label = gtk_label_new_with_mnemonic (_("C_olour by Annotator"));
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_set_hexpand (label, TRUE);
  self->colour_switch = gtk_switch_new ();
  gtk_widget_set_valign (self->colour_switch, GTK_ALIGN_CENTER);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), self->colour_switch);
  gtk_widget_set_tooltip_text (self->colour_switch,
                               _("Colour the highlights by who made them, with the colours of the dots above, instead of by label"));
  gtk_box_append (GTK_BOX (row), label);
  gtk_box_append (GTK_BOX (row), self->colour_switch);
  gtk_widget_set_margin_start (row, 6);
  gtk_box_append (GTK_BOX (box), row);
  g_settings_bind (self->settings, "colour-by-annotator", self->colour_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->settings, "changed::colour-by-annotator",
                           G_CALLBACK (colour_setting_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_set_homogeneous (GTK_BOX (buttons), TRUE);
  button = gtk_button_new_with_mnemonic (_("_Compare…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.compare");
  gtk_widget_set_tooltip_text (button, _("Compare two annotators on this article"));
  gtk_box_append (GTK_BOX (buttons), button);
  button = gtk_button_new_with_mnemonic (_("A_greement…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.agreement");
  gtk_widget_set_tooltip_text (button, _("Measure how far the annotators agree"));
  gtk_box_append (GTK_BOX (buttons), button);
  gtk_box_append (GTK_BOX (box), buttons);

  self->popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (self->popover), box);
  g_signal_connect_swapped (self->popover, "show", G_CALLBACK (popover_show_cb), self);

  self->button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->button), "system-users-symbolic");
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->button), self->popover);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Annotators"), -1);
  gtk_widget_set_parent (self->button, GTK_WIDGET (self));

  rebuild_rows (self);
}
