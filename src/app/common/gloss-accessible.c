/* gloss-accessible.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-accessible"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "gloss-accessible.h"

#define FIXED_KEY "gloss-accessible-fixed"
#define LABEL_KEY "gloss-accessible-label"
#define NAMED_KEY "gloss-accessible-named"
#define NAME_KEY "gloss-accessible-name"

/* The text of @widget's mnemonic label, or its tooltip: what a sighted user reads as
 * its name. */
static char *
visible_name (GtkWidget *widget)
{
  GList *labels = gtk_widget_list_mnemonic_labels (widget);
  GtkWidget *label = g_object_get_data (G_OBJECT (widget), LABEL_KEY);
  char *name = NULL;

  if (g_object_get_data (G_OBJECT (widget), NAME_KEY) != NULL)
    name = g_strdup (g_object_get_data (G_OBJECT (widget), NAME_KEY));
  else if (label != NULL && *gtk_label_get_text (GTK_LABEL (label)) != '\0')
    name = g_strdup (gtk_label_get_text (GTK_LABEL (label)));
  for (GList *l = labels; l != NULL && name == NULL; l = l->next)
    if (GTK_IS_LABEL (l->data) && *gtk_label_get_text (l->data) != '\0')
      name = g_strdup (gtk_label_get_text (l->data));
  g_list_free (labels);
  if (name == NULL && gtk_widget_get_tooltip_text (widget) != NULL)
    name = g_strdup (gtk_widget_get_tooltip_text (widget));
  return name;
}

static gboolean
is_icon_only (GtkButton *button)
{
  GtkWidget *child = gtk_button_get_child (button);

  return gtk_button_get_icon_name (button) != NULL || GTK_IS_IMAGE (child);
}

/* A button with a mnemonic label: GTK sets its label property to the raw text
 * ("_Open") and also names it by the label widget; dropping the property leaves the
 * label widget's text, which follows the label as it changes. */
static void
button_label_changed_cb (GtkButton  *button,
                         GParamSpec *pspec,
                         gpointer    data)
{
  if (gtk_button_get_use_underline (button) && gtk_button_get_label (button) != NULL)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

/* An icon-only button is named by its tooltip. */
static void
button_tooltip_changed_cb (GtkWidget  *button,
                           GParamSpec *pspec,
                           gpointer    data)
{
  const char *tooltip = gtk_widget_get_tooltip_text (button);

  if (tooltip != NULL && is_icon_only (GTK_BUTTON (button)))
    gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
}

/* The dropdown a GTK-made inner toggle belongs to, if @button is one. */
static GtkWidget *
owning_dropdown (GtkWidget *button)
{
  GtkWidget *parent = gtk_widget_get_parent (button);

  for (guint depth = 0; parent != NULL && depth < 3; depth++, parent = gtk_widget_get_parent (parent))
    if (GTK_IS_DROP_DOWN (parent))
      return parent;
  return NULL;
}

/* @text without mnemonic underscores: "_Link…" as the user reads it, "Link…". */
static char *
strip_mnemonic (const char *text)
{
  char *plain = g_strdup (text);
  char *out = plain;

  for (const char *in = text; *in != '\0'; in++)
    if (*in != '_' || in[1] == '_')
      *out++ = *in == '_' ? *++in : *in;
  *out = '\0';
  return plain;
}

static void fix_list_box_row (GtkWidget *row);

static void
check_label_changed_cb (GtkCheckButton *check,
                        GParamSpec     *pspec,
                        gpointer        data)
{
  const char *label = gtk_check_button_get_label (check);

  if (label != NULL && gtk_check_button_get_use_underline (check))
    {
      g_autofree char *plain = strip_mnemonic (label);

      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, plain, -1);
    }
}

/* The row of a GtkListView (or column view) @widget is in, if any. */
static GtkWidget *
list_row_of (GtkWidget *widget)
{
  GtkWidget *row = widget;

  for (guint depth = 0; row != NULL && depth < 5; depth++, row = gtk_widget_get_parent (row))
    if (gtk_widget_get_parent (row) != NULL && GTK_IS_LIST_VIEW (gtk_widget_get_parent (row)))
      return row;
  return NULL;
}

/* The title of an AdwPreferencesRow as the user reads it, or NULL. */
static char *
row_title (GtkWidget *row)
{
  const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));

  if (title == NULL || *title == '\0')
    return NULL;
  return adw_preferences_row_get_use_underline (ADW_PREFERENCES_ROW (row)) ? strip_mnemonic (title) : g_strdup (title);
}

static void collect_label_texts (GtkWidget *root,
                                 GString   *texts);

static void
row_label_changed_cb (GtkLabel   *label,
                      GParamSpec *pspec,
                      gpointer    data)
{
  GtkWidget *row = list_row_of (GTK_WIDGET (label));
  g_autoptr(GString) texts = g_string_new (NULL);

  if (row == NULL || g_object_get_data (G_OBJECT (row), NAMED_KEY) != NULL)
    return;
  collect_label_texts (row, texts);
  if (texts->len > 0)
    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, texts->str, -1);
}

static void
fix_widget (GtkWidget *widget)
{
  GtkWidget *ancestor, *row;

  if (GTK_IS_LIST_BOX_ROW (widget))
    fix_list_box_row (widget);
  else if (GTK_IS_BUTTON (widget))
    {
      GtkWidget *control;

      if (g_object_get_data (G_OBJECT (widget), FIXED_KEY) == NULL)
        {
          g_object_set_data (G_OBJECT (widget), FIXED_KEY, GINT_TO_POINTER (1));
          g_signal_connect (widget, "notify::label", G_CALLBACK (button_label_changed_cb), NULL);
          g_signal_connect (widget, "notify::use-underline", G_CALLBACK (button_label_changed_cb), NULL);
          g_signal_connect (widget, "notify::tooltip-text", G_CALLBACK (button_tooltip_changed_cb), NULL);
          g_signal_connect (widget, "notify::icon-name", G_CALLBACK (button_tooltip_changed_cb), NULL);
        }
      button_label_changed_cb (GTK_BUTTON (widget), NULL, NULL);
      button_tooltip_changed_cb (widget, NULL, NULL);
      /* The button a GtkColorButton is made of: called what the colour chooser is. */
      if (GTK_IS_COLOR_BUTTON (gtk_widget_get_parent (widget)))
        {
          g_autofree char *title = NULL;

          g_object_get (gtk_widget_get_parent (widget), "title", &title, NULL);
          if (title != NULL)
            gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
        }
      /* The close buttons GtkSearchBar and AdwToast make have neither label nor
       * tooltip. */
      if (g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), "window-close-symbolic") == 0 &&
          gtk_widget_get_tooltip_text (widget) == NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        gtk_widget_get_ancestor (widget, GTK_TYPE_SEARCH_BAR) != NULL
                                        ? _("Close Find Bar") : _("Close"), -1);
      /* The toggle a dropdown is made of takes the focus but has no name of its
       * own: it is called what the dropdown is called. A menu button's toggle is
       * named by GTK after the menu button's label property, which a menu button
       * named by the label beside it does not have. */
      else if (GTK_IS_TOGGLE_BUTTON (widget) && gtk_widget_get_tooltip_text (widget) == NULL &&
               ((control = owning_dropdown (widget)) != NULL ||
                (GTK_IS_MENU_BUTTON (control = gtk_widget_get_parent (widget)) &&
                 g_object_get_data (G_OBJECT (control), LABEL_KEY) != NULL)))
        {
          g_autofree char *name = visible_name (control);

          if (name != NULL)
            gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
        }
    }
  else if (GTK_IS_MENU_BUTTON (widget) && g_object_get_data (G_OBJECT (widget), LABEL_KEY) == NULL)
    {
      /* A menu button: by its tooltip, else by its label; one named by the label
       * beside it (gloss_accessible_label_with) keeps that. */
      GtkMenuButton *button = GTK_MENU_BUTTON (widget);
      const char *tooltip = gtk_widget_get_tooltip_text (widget);
      const char *label = gtk_menu_button_get_label (button);
      g_autofree char *name = tooltip ? g_strdup (tooltip)
                              : label == NULL ? NULL
                              : gtk_menu_button_get_use_underline (button) ? strip_mnemonic (label)
                              : g_strdup (label);

      if (name != NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
    }
  else if (GTK_IS_CHECK_BUTTON (widget))
    {
      /* A check box with a mnemonic is named by its raw label ("_All documents"). */
      if (g_object_get_data (G_OBJECT (widget), FIXED_KEY) == NULL)
        {
          g_object_set_data (G_OBJECT (widget), FIXED_KEY, GINT_TO_POINTER (1));
          g_signal_connect (widget, "notify::label", G_CALLBACK (check_label_changed_cb), NULL);
        }
      check_label_changed_cb (GTK_CHECK_BUTTON (widget), NULL, NULL);
    }
  else if (GTK_IS_LIST_BOX (widget) && (ancestor = gtk_widget_get_ancestor (widget, ADW_TYPE_EXPANDER_ROW)) != NULL)
    {
      /* The list an expander row opens. */
      g_autofree char *title = row_title (ancestor);

      if (title != NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
    }
  else if (GTK_IS_LIST_BOX (widget) && (ancestor = gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_GROUP)) != NULL &&
           (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (ancestor)) == NULL ||
            *adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (ancestor)) == '\0'))
    {
      /* A group with a title is named by it (libadwaita relates the two); one
       * without is called what its rows are called. */
      g_autoptr(GString) titles = g_string_new (NULL);

      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        if (ADW_IS_PREFERENCES_ROW (child))
          {
            g_autofree char *title = row_title (child);

            if (title != NULL)
              g_string_append_printf (titles, "%s%s", titles->len ? ", " : "", title);
          }
      /* libadwaita's own search results in a preferences window are such a group. */
      if (titles->len == 0 && gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_WINDOW) != NULL)
        g_string_append (titles, _("Search Results"));
      if (titles->len > 0)
        gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, titles->str, -1);
    }
  else if (GTK_IS_SEARCH_ENTRY (widget) && gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_WINDOW) != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _("Search Preferences"), -1);
  else if (GTK_IS_LIST_VIEW (widget) && (ancestor = gtk_widget_get_ancestor (widget, ADW_TYPE_COMBO_ROW)) != NULL)
    {
      /* The list a combo row pops up. */
      g_autofree char *title = row_title (ancestor);

      gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      title ? title : _("Choices"), -1);
    }
  else if (GTK_IS_LIST_VIEW (widget) && (ancestor = gtk_widget_get_ancestor (widget, GTK_TYPE_DROP_DOWN)) != NULL)
    {
      /* The list a dropdown pops up. */
      g_autofree char *name = visible_name (ancestor);

      gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      name ? name : _("Choices"), -1);
    }
  else if (GTK_IS_LABEL (widget) && (row = list_row_of (widget)) != NULL &&
           g_object_get_data (G_OBJECT (row), NAMED_KEY) == NULL)
    {
      /* A row of a list that nobody named (a dropdown's or combo row's choices) is
       * called what it shows; rows are reused, so the name follows the labels. */
      if (g_object_get_data (G_OBJECT (widget), FIXED_KEY) == NULL)
        {
          g_object_set_data (G_OBJECT (widget), FIXED_KEY, GINT_TO_POINTER (1));
          g_signal_connect (widget, "notify::label", G_CALLBACK (row_label_changed_cb), NULL);
        }
      row_label_changed_cb (GTK_LABEL (widget), NULL, NULL);
    }
}

static void
collect_label_texts (GtkWidget *root,
                     GString   *texts)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && gtk_widget_get_visible (child) && *gtk_label_get_text (GTK_LABEL (child)) != '\0')
        g_string_append_printf (texts, "%s%s", texts->len ? ", " : "", gtk_label_get_text (GTK_LABEL (child)));
      collect_label_texts (child, texts);
    }
}

/* A row of a GtkListBox is named by nothing in GTK 4.8: it is called what it
 * shows, its labels in order ("supports, The source backs the target"), unless the
 * code that made it named it (gloss_accessible_name_row). */
static void
fix_list_box_row (GtkWidget *row)
{
  g_autoptr(GString) texts = g_string_new (NULL);

  /* libadwaita's rows are named by their title already. */
  if (g_object_get_data (G_OBJECT (row), NAMED_KEY) != NULL)
    return;
  if (ADW_IS_PREFERENCES_ROW (row))
    {
      g_autofree char *title = row_title (row);

      /* libadwaita names its rows by their title, except the expander row, whose
       * title is on an inner row. */
      if (title != NULL && ADW_IS_EXPANDER_ROW (row))
        gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
      if (title != NULL)
        return;
    }
  collect_label_texts (row, texts);
  if (texts->len > 0)
    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, texts->str, -1);
}

void
gloss_accessible_fix_tree (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  fix_widget (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gloss_accessible_fix_tree (child);
}

static gboolean
map_hook (GSignalInvocationHint *hint,
          guint                  n_values,
          const GValue          *values,
          gpointer               data)
{
  GObject *object = g_value_get_object (&values[0]);

  /* A window or popover being shown: its whole tree, hidden pages included (a screen
   * reader sees those too); anything shown later inside it: that widget. */
  if (GTK_IS_NATIVE (object))
    gloss_accessible_fix_tree (GTK_WIDGET (object));
  else
    fix_widget (GTK_WIDGET (object));
  return TRUE;
}

void
gloss_accessible_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      /* The signal exists once the class does; the reference is kept for good. */
      g_type_class_ref (GTK_TYPE_WIDGET);
      g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0, map_hook, NULL, NULL);
      g_once_init_leave (&done, 1);
    }
}

void
gloss_accessible_name (GtkWidget  *control,
                       const char *name)
{
  g_return_if_fail (GTK_IS_WIDGET (control));
  g_return_if_fail (name != NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (control), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_object_set_data_full (G_OBJECT (control), NAME_KEY, g_strdup (name), g_free);
}

void
gloss_accessible_label_with (GtkWidget *control,
                             GtkWidget *label)
{
  g_return_if_fail (GTK_IS_WIDGET (control));
  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_accessible_update_relation (GTK_ACCESSIBLE (control), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  g_object_set_data_full (G_OBJECT (control), LABEL_KEY, g_object_ref (label), g_object_unref);
}

void
gloss_accessible_name_row (GtkWidget  *child,
                           const char *name)
{
  GtkWidget *row = child;

  g_return_if_fail (GTK_IS_WIDGET (child));

  /* The factory's widget sits in GTK's row widget, or in a column view in a cell
   * inside the row: the row is the ancestor whose parent is the list, and it is
   * what a screen reader lands on. */
  while (row != NULL && gtk_widget_get_parent (row) != NULL && !GTK_IS_LIST_VIEW (gtk_widget_get_parent (row)))
    row = gtk_widget_get_parent (row);
  if (row == NULL || row == child || gtk_widget_get_parent (row) == NULL)
    return;
  g_object_set_data (G_OBJECT (row), NAMED_KEY, GINT_TO_POINTER (1));
  if (name != NULL && *name != '\0')
    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

void
gloss_accessible_name_column_view (GtkColumnView *view,
                                   const char    *name)
{
  g_return_if_fail (GTK_IS_COLUMN_VIEW (view));

  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  /* Its rows are in a list view of GTK's own, and its column titles in a header
   * row of GTK's own, both named nothing. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (view)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    GTK_IS_LIST_VIEW (child) ? name : _("Column Titles"), -1);
}

/* GlossListRow */

struct _GlossListRow
{
  GtkBox  parent_instance;
  char   *accessible_name;
};

G_DEFINE_FINAL_TYPE (GlossListRow, gloss_list_row, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_ACCESSIBLE_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
gloss_list_row_apply (GlossListRow *self)
{
  gloss_accessible_name_row (GTK_WIDGET (self), self->accessible_name);
}

static void
parent_changed_cb (GlossListRow *self)
{
  gloss_list_row_apply (self);
}

static void
gloss_list_row_finalize (GObject *object)
{
  GlossListRow *self = GLOSS_LIST_ROW (object);

  g_free (self->accessible_name);
  G_OBJECT_CLASS (gloss_list_row_parent_class)->finalize (object);
}

static void
gloss_list_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GlossListRow *self = GLOSS_LIST_ROW (object);

  switch (prop_id)
    {
    case PROP_ACCESSIBLE_NAME:
      g_value_set_string (value, self->accessible_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_list_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  GlossListRow *self = GLOSS_LIST_ROW (object);

  switch (prop_id)
    {
    case PROP_ACCESSIBLE_NAME:
      if (g_strcmp0 (self->accessible_name, g_value_get_string (value)) != 0)
        {
          g_free (self->accessible_name);
          self->accessible_name = g_value_dup_string (value);
          gloss_list_row_apply (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_list_row_class_init (GlossListRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gloss_list_row_finalize;
  object_class->get_property = gloss_list_row_get_property;
  object_class->set_property = gloss_list_row_set_property;

  properties[PROP_ACCESSIBLE_NAME] =
    g_param_spec_string ("accessible-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gloss_list_row_init (GlossListRow *self)
{
  g_signal_connect (self, "notify::parent", G_CALLBACK (parent_changed_cb), NULL);
}

GtkWidget *
gloss_list_row_new (void)
{
  return g_object_new (GLOSS_TYPE_LIST_ROW, NULL);
}
