/* gloss-field-editor.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-field-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "gloss-accessible.h"
#include "gloss-entities.h"
#include "gloss-codebook-names.h"
#include "gloss-field-editor.h"
#include "gloss-fields.h"
#include "gloss-session.h"

/* A scale with at most this many points is a row of steps; a longer one a spin button. */
#define MAX_STEPS 10

typedef struct {
  GlossFieldEditor  *editor;        /* borrowed */
  GlossField        *field;         /* borrowed from editor->fields */
  char              *value;         /* as stored, NULL when none */
  GtkWidget         *input;         /* what gloss_field_editor_get_input() returns */
  GtkWidget         *error_label;
  GtkStringList     *choices;       /* choice: "" (not set), then each option's value */
  GPtrArray         *steps;         /* scale: GtkToggleButton*, one per point */
  GtkLabel          *step_caption;  /* scale: the name of the point chosen */
  GtkEntry          *entry;         /* text, number, date */
  GtkCalendar       *calendar;      /* date */
  GtkPopover        *calendar_popover;
  GlossEntityPicker *picker;        /* entity */
  GtkLabel          *entity_label;  /* entity: the name on the button */
} FieldInput;

struct _GlossFieldEditor
{
  GtkBox             parent_instance;

  GlossStore        *store;
  GlossUndoStack    *undo;

  char              *annotation_id;
  char              *document_id;
  char              *label_id;
  char              *quote;
  char              *entity_id;     /* the mention's entity, NULL when not linked */
  GPtrArray         *fields;        /* GlossField*, the label's, in order */
  GPtrArray         *inputs;        /* FieldInput*, one per field */
  gboolean           filling;

  GtkWidget         *entity_section;
  GtkLabel          *entity_name;
  GtkLabel          *entity_info;
  GtkMenuButton     *entity_button;
  GlossEntityPicker *entity_picker;
  GtkLabel          *entity_error;

  GtkGrid           *grid;
  GtkWidget         *score_title;
  GtkLabel          *score_label;
};

G_DEFINE_FINAL_TYPE (GlossFieldEditor, gloss_field_editor, GTK_TYPE_BOX)

enum {
  ANNOTATION_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void gloss_field_editor_show_value (GlossFieldEditor *self, FieldInput *input);
static void gloss_field_editor_update_score (GlossFieldEditor *self);

static void
field_input_free (FieldInput *input)
{
  g_free (input->value);
  g_clear_pointer (&input->steps, g_ptr_array_unref);
  g_free (input);
}

/* "claim type" -> "Claim type": names are data, written in lower case in the codebook. */
static char *
display_name (const char *name)
{
  gunichar first;

  if (name == NULL || *name == '\0')
    return g_strdup ("");
  first = g_unichar_totitle (g_utf8_get_char (name));
  {
    char buf[8];
    int n = g_unichar_to_utf8 (first, buf);

    return g_strdup_printf ("%.*s%s", n, buf, g_utf8_next_char (name));
  }
}

static gboolean
gloss_field_editor_editable (GlossFieldEditor *self)
{
  return self->store != NULL && !gloss_store_is_read_only (self->store);
}

static void
field_input_set_error (FieldInput *input,
                       const char *message)
{
  gtk_label_set_text (GTK_LABEL (input->error_label), message ? message : "");
  gtk_widget_set_visible (input->error_label, message != NULL);
  if (input->entry != NULL)
    {
      if (message != NULL)
        gtk_widget_add_css_class (GTK_WIDGET (input->entry), "error");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (input->entry), "error");
    }
}

/* ------------------------------------------------------------------------- */
/* Committing an edit                                                        */

/* Writes @text (NULL or "" clears) to the field, or a new entity @new_name of type
 * @new_label_id, in one transaction, and records the step for undo. */
static gboolean
gloss_field_editor_commit (GlossFieldEditor *self,
                           FieldInput       *input,
                           const char       *text,
                           const char       *new_name,
                           const char       *new_label_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossSession) session = NULL;
  g_autofree char *annotation_id = NULL;
  g_autofree char *field_id = NULL;
  g_autofree char *stored = NULL;

  if (self->filling || !gloss_field_editor_editable (self) || self->annotation_id == NULL)
    return FALSE;
  if (text != NULL && *text == '\0')
    text = NULL;
  if (new_name == NULL && g_strcmp0 (text, input->value) == 0)
    {
      field_input_set_error (input, NULL);
      gloss_field_editor_show_value (self, input);
      return TRUE;
    }

  annotation_id = g_strdup (self->annotation_id);
  field_id = g_strdup (input->field->id);

  /* One core action: checked, stored (a new entity with it), one undo step. */
  session = gloss_session_new (self->store, self->undo);
  if (new_name != NULL)
    stored = gloss_session_set_field_new_entity (session, annotation_id, field_id, new_name, new_label_id, &error);
  else
    stored = gloss_session_set_field (session, annotation_id, field_id, text, &error);

  if (error != NULL)
    {
      /* The core's message names the field and the problem; the input keeps what
       * was typed so that it can be corrected. */
      field_input_set_error (input, error->message);
      if (input->entry == NULL)
        gloss_field_editor_show_value (self, input);
      return FALSE;
    }

  g_free (input->value);
  input->value = g_steal_pointer (&stored);
  field_input_set_error (input, NULL);
  gloss_field_editor_show_value (self, input);
  gloss_field_editor_update_score (self);

  g_signal_emit (self, signals[ANNOTATION_CHANGED], 0, annotation_id);
  return TRUE;
}

static void
choice_selected_cb (GtkDropDown *dropdown,
                    GParamSpec  *pspec,
                    FieldInput  *input)
{
  guint selected = gtk_drop_down_get_selected (dropdown);
  const char *value = NULL;

  if (input->editor->filling)
    return;
  if (selected != GTK_INVALID_LIST_POSITION)
    value = gtk_string_list_get_string (input->choices, selected);
  gloss_field_editor_commit (input->editor, input, value, NULL, NULL);
}

static void
step_clicked_cb (GtkButton  *button,
                 FieldInput *input)
{
  const char *value = g_object_get_data (G_OBJECT (button), "gloss-value");

  if (input->editor->filling)
    return;
  /* Clicking the step that is set clears the value. */
  gloss_field_editor_commit (input->editor, input,
                             g_strcmp0 (value, input->value) == 0 ? NULL : value, NULL, NULL);
}

static void
spin_value_changed_cb (GtkSpinButton *spin,
                       FieldInput    *input)
{
  g_autofree char *value = NULL;

  if (input->editor->filling)
    return;
  value = g_strdup_printf ("%d", gtk_spin_button_get_value_as_int (spin));
  gloss_field_editor_commit (input->editor, input, value, NULL, NULL);
}

static void
entry_commit (FieldInput *input)
{
  g_autofree char *text = NULL;

  if (input->editor->filling || input->entry == NULL)
    return;
  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (input->entry))));
  gloss_field_editor_commit (input->editor, input, text, NULL, NULL);
}

static void
entry_activate_cb (GtkEntry   *entry,
                   FieldInput *input)
{
  entry_commit (input);
}

static void
entry_focus_leave_cb (GtkEventControllerFocus *focus,
                      FieldInput              *input)
{
  entry_commit (input);
}

static void
switch_active_cb (GtkSwitch  *widget,
                  GParamSpec *pspec,
                  FieldInput *input)
{
  if (input->editor->filling)
    return;
  gloss_field_editor_commit (input->editor, input, gtk_switch_get_active (widget) ? "true" : "false", NULL, NULL);
}

static void
calendar_day_selected_cb (GtkCalendar *calendar,
                          FieldInput  *input)
{
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *text = NULL;

  if (input->editor->filling)
    return;
  date = gtk_calendar_get_date (calendar);
  text = g_date_time_format (date, "%Y-%m-%d");
  gtk_editable_set_text (GTK_EDITABLE (input->entry), text);
  gtk_popover_popdown (input->calendar_popover);
  gloss_field_editor_commit (input->editor, input, text, NULL, NULL);
}

static void
field_entity_chosen_cb (GlossEntityPicker *picker,
                        const char        *entity_id,
                        const char        *new_name,
                        const char        *new_label_id,
                        FieldInput        *input)
{
  gloss_field_editor_commit (input->editor, input, entity_id, new_name, new_label_id);
}

/* ------------------------------------------------------------------------- */
/* Inputs                                                                    */

static void
swatch_draw (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  GdkRGBA *rgba = g_object_get_data (G_OBJECT (area), "gloss-rgba");

  if (rgba == NULL)
    return;
  cairo_arc (cr, width / 2.0, height / 2.0, MIN (width, height) / 2.0, 0, 2 * G_PI);
  gdk_cairo_set_source_rgba (cr, rgba);
  cairo_fill (cr);
}

static void
choice_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *swatch = gtk_drawing_area_new ();
  GtkWidget *value = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), 10);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), 10);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), swatch_draw, NULL, NULL);
  gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (value), 0);
  gtk_label_set_ellipsize (GTK_LABEL (value), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_box_append (GTK_BOX (box), swatch);
  gtk_box_append (GTK_BOX (box), value);
  gtk_box_append (GTK_BOX (box), detail);
  gtk_list_item_set_child (item, box);
}

/* The open list: whole words, wrapped, never cut ("almost no c…"): the popover is as
 * wide as its longest row up to about 40 characters, and a longer meaning wraps. */
static void
choice_list_setup_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item)
{
  GtkWidget *box, *value, *detail;

  choice_setup_cb (factory, item);
  box = gtk_list_item_get_child (item);
  value = gtk_widget_get_next_sibling (gtk_widget_get_first_child (box));
  detail = gtk_widget_get_next_sibling (value);
  gtk_label_set_ellipsize (GTK_LABEL (value), PANGO_ELLIPSIZE_NONE);
  gtk_widget_set_valign (value, GTK_ALIGN_START);
  gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_NONE);
  gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (detail), PANGO_WRAP_WORD);
  gtk_label_set_max_width_chars (GTK_LABEL (detail), 40);
  gtk_label_set_width_chars (GTK_LABEL (detail), 16);
  gtk_widget_set_hexpand (detail, TRUE);
}

static void
choice_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item)
{
  const GlossField *field = g_object_get_data (G_OBJECT (factory), "gloss-field");
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *swatch = gtk_widget_get_first_child (box);
  GtkWidget *value = gtk_widget_get_next_sibling (swatch);
  GtkWidget *detail = gtk_widget_get_next_sibling (value);
  const char *text = gtk_string_object_get_string (gtk_list_item_get_item (item));
  const GlossFieldOption *option = *text ? gloss_field_find_option (field, text) : NULL;
  GdkRGBA rgba;

  if (*text == '\0')
    {
      /* Translators: a field without a value, first entry of its drop-down */
      gtk_label_set_text (GTK_LABEL (value), _("Not set"));
      gtk_widget_add_css_class (value, "dim-label");
    }
  else
    {
      /* The stored value stays as it is; what is shown is in the user's language. */
      gtk_label_set_text (GTK_LABEL (value), gloss_codebook_name (text));
      gtk_widget_remove_css_class (value, "dim-label");
    }
  gtk_label_set_text (GTK_LABEL (detail), option && option->label ? gloss_codebook_name (option->label) : "");
  /* The closed button shows the value alone (a meaning beside it would be cut mid-word
   * in a narrow pane: "long te… more t…"), and says the meaning in its tooltip; the open
   * list shows both. */
  if (g_object_get_data (G_OBJECT (factory), "gloss-list") != NULL)
    gtk_widget_set_visible (detail, option != NULL && option->label != NULL);
  else
    {
      gtk_widget_set_visible (detail, FALSE);
      gtk_widget_set_tooltip_text (box, option && option->label ? gloss_codebook_name (option->label) : NULL);
    }

  if (option != NULL && option->colour != NULL && gdk_rgba_parse (&rgba, option->colour))
    g_object_set_data_full (G_OBJECT (swatch), "gloss-rgba", gdk_rgba_copy (&rgba), (GDestroyNotify) gdk_rgba_free);
  else
    g_object_set_data (G_OBJECT (swatch), "gloss-rgba", NULL);
  gtk_widget_set_visible (swatch, g_object_get_data (G_OBJECT (swatch), "gloss-rgba") != NULL);
  gtk_widget_queue_draw (swatch);
}

static GtkWidget *
choice_input_new (FieldInput *input)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkWidget *dropdown;

  input->choices = gtk_string_list_new (NULL);
  gtk_string_list_append (input->choices, "");
  for (guint i = 0; input->field->options != NULL && i < input->field->options->len; i++)
    gtk_string_list_append (input->choices, ((GlossFieldOption *) g_ptr_array_index (input->field->options, i))->value);

  g_object_set_data (G_OBJECT (factory), "gloss-field", input->field);
  g_signal_connect (factory, "setup", G_CALLBACK (choice_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (choice_bind_cb), NULL);

  dropdown = gtk_drop_down_new (G_LIST_MODEL (input->choices), NULL);
  gtk_drop_down_set_factory (GTK_DROP_DOWN (dropdown), factory);
  g_object_unref (factory);
  factory = gtk_signal_list_item_factory_new ();
  g_object_set_data (G_OBJECT (factory), "gloss-field", input->field);
  g_object_set_data (G_OBJECT (factory), "gloss-list", GINT_TO_POINTER (TRUE));
  g_signal_connect (factory, "setup", G_CALLBACK (choice_list_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (choice_bind_cb), NULL);
  gtk_drop_down_set_list_factory (GTK_DROP_DOWN (dropdown), factory);
  g_object_unref (factory);
  g_signal_connect (dropdown, "notify::selected", G_CALLBACK (choice_selected_cb), input);
  return dropdown;
}

/* The points of a short scale: its options, or every integer of its range. */
static GPtrArray *
scale_points (const GlossField *field)
{
  GPtrArray *points = g_ptr_array_new_with_free_func (g_free);

  if (field->options != NULL && field->options->len > 0)
    {
      for (guint i = 0; i < field->options->len && i < MAX_STEPS; i++)
        g_ptr_array_add (points, g_strdup (((GlossFieldOption *) g_ptr_array_index (field->options, i))->value));
      if (field->options->len <= MAX_STEPS)
        return points;
    }
  else if (field->has_min && field->has_max && field->max - field->min < MAX_STEPS &&
           field->min == (int) field->min && field->max == (int) field->max)
    {
      for (int v = (int) field->min; v <= (int) field->max; v++)
        g_ptr_array_add (points, g_strdup_printf ("%d", v));
      return points;
    }
  g_ptr_array_unref (points);
  return NULL;
}

static GtkWidget *
scale_input_new (FieldInput *input)
{
  g_autoptr(GPtrArray) points = scale_points (input->field);
  GtkWidget *box, *steps, *caption;

  if (points == NULL)
    {
      GtkWidget *spin = gtk_spin_button_new_with_range (input->field->has_min ? input->field->min : -1e6,
                                                        input->field->has_max ? input->field->max : 1e6, 1);

      g_signal_connect (spin, "value-changed", G_CALLBACK (spin_value_changed_cb), input);
      return spin;
    }

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  steps = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (steps, "linked");
  gtk_widget_set_halign (steps, GTK_ALIGN_START);
  input->steps = g_ptr_array_new ();
  for (guint i = 0; i < points->len; i++)
    {
      const char *value = g_ptr_array_index (points, i);
      const GlossFieldOption *option = gloss_field_find_option (input->field, value);
      GtkWidget *step = gtk_toggle_button_new_with_label (value);
      g_autofree char *name = NULL;

      g_object_set_data_full (G_OBJECT (step), "gloss-value", g_strdup (value), g_free);
      if (option != NULL && option->label != NULL)
        {
          /* Translators: a step of a scale field, "4 · likely" */
          name = g_strdup_printf (_("%s · %s"), value, gloss_codebook_name (option->label));
          gtk_widget_set_tooltip_text (step, name);
        }
      gtk_accessible_update_property (GTK_ACCESSIBLE (step), GTK_ACCESSIBLE_PROPERTY_LABEL, name ? name : value, -1);
      gtk_widget_add_css_class (step, "gloss-scale-step");
      g_signal_connect (step, "clicked", G_CALLBACK (step_clicked_cb), input);
      gtk_box_append (GTK_BOX (steps), step);
      g_ptr_array_add (input->steps, step);
    }
  caption = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_label_set_ellipsize (GTK_LABEL (caption), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (caption, "caption");
  gtk_widget_add_css_class (caption, "dim-label");
  input->step_caption = GTK_LABEL (caption);
  gtk_box_append (GTK_BOX (box), steps);
  gtk_box_append (GTK_BOX (box), caption);
  return box;
}

static GtkWidget *
entry_input_new (FieldInput *input,
                 const char *placeholder)
{
  GtkWidget *entry = gtk_entry_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  input->entry = GTK_ENTRY (entry);
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 6);
  if (placeholder != NULL)
    gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  g_signal_connect (entry, "activate", G_CALLBACK (entry_activate_cb), input);
  g_signal_connect (focus, "leave", G_CALLBACK (entry_focus_leave_cb), input);
  gtk_widget_add_controller (entry, focus);
  return entry;
}

static GtkWidget *
date_input_new (FieldInput *input)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  /* Translators: the format a date field takes; keep the letters as they are */
  GtkWidget *entry = entry_input_new (input, _("YYYY-MM-DD"));
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *calendar = gtk_calendar_new ();

  gtk_widget_add_css_class (box, "linked");
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "x-office-calendar-symbolic");
  gtk_widget_set_tooltip_text (button, _("Pick a Date"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Pick a Date"), -1);
  gtk_popover_set_child (GTK_POPOVER (popover), calendar);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  g_signal_connect (calendar, "day-selected", G_CALLBACK (calendar_day_selected_cb), input);
  input->calendar = GTK_CALENDAR (calendar);
  input->calendar_popover = GTK_POPOVER (popover);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), button);
  return box;
}

static GtkWidget *
entity_input_new (FieldInput *input)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *label = gtk_label_new (NULL);

  /* Left-aligned like the text of the drop-downs above and below it. */
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_menu_button_set_child (GTK_MENU_BUTTON (button), label);
  input->entity_label = GTK_LABEL (label);
  input->picker = gloss_entity_picker_new ();
  gloss_entity_picker_configure (input->picker, input->editor->store, NULL, TRUE);
  g_signal_connect (input->picker, "chosen", G_CALLBACK (field_entity_chosen_cb), input);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), GTK_WIDGET (input->picker));
  gtk_menu_button_set_always_show_arrow (GTK_MENU_BUTTON (button), TRUE);
  gtk_widget_set_hexpand (button, TRUE);
  return button;
}

/* Puts the stored value in the input, without committing anything. */
static void
gloss_field_editor_show_value (GlossFieldEditor *self,
                               FieldInput       *input)
{
  const char *type = input->field->type;
  const char *value = input->value;
  gboolean filling = self->filling;

  self->filling = TRUE;
  if (g_str_equal (type, GLOSS_FIELD_TYPE_CHOICE))
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (input->choices));
      guint selected = 0;

      for (guint i = 1; value != NULL && i < n; i++)
        if (g_strcmp0 (gtk_string_list_get_string (input->choices, i), value) == 0)
          selected = i;
      gtk_drop_down_set_selected (GTK_DROP_DOWN (input->input), selected);
    }
  else if (g_str_equal (type, GLOSS_FIELD_TYPE_SCALE) && input->steps != NULL)
    {
      const GlossFieldOption *option = value ? gloss_field_find_option (input->field, value) : NULL;

      for (guint i = 0; i < input->steps->len; i++)
        {
          GtkToggleButton *step = g_ptr_array_index (input->steps, i);

          gtk_toggle_button_set_active (step, g_strcmp0 (g_object_get_data (G_OBJECT (step), "gloss-value"), value) == 0);
        }
      if (option != NULL && option->label != NULL)
        gtk_label_set_text (input->step_caption, gloss_codebook_name (option->label));
      else
        gtk_label_set_text (input->step_caption, value ? "" : _("Not set"));
    }
  else if (g_str_equal (type, GLOSS_FIELD_TYPE_SCALE))
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (input->input), value ? g_ascii_strtod (value, NULL) : 0);
  else if (g_str_equal (type, GLOSS_FIELD_TYPE_BOOLEAN))
    gtk_switch_set_active (GTK_SWITCH (input->input), g_strcmp0 (value, "true") == 0);
  else if (g_str_equal (type, GLOSS_FIELD_TYPE_ENTITY))
    {
      g_autoptr(GlossEntity) entity = value ? gloss_store_get_entity (self->store, value, NULL) : NULL;

      gtk_label_set_text (input->entity_label, entity ? entity->name : value ? value : _("Choose…"));
      if (entity == NULL && value == NULL)
        gtk_widget_add_css_class (GTK_WIDGET (input->entity_label), "dim-label");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (input->entity_label), "dim-label");
      gloss_entity_picker_set_query (input->picker, NULL);
    }
  else if (input->entry != NULL)
    {
      const char *shown = gtk_editable_get_text (GTK_EDITABLE (input->entry));

      /* Text the core refused stays for correcting, until another value arrives. */
      if (g_strcmp0 (shown, value ? value : "") != 0 && !gtk_widget_get_visible (input->error_label))
        gtk_editable_set_text (GTK_EDITABLE (input->entry), value ? value : "");
      if (input->calendar != NULL && value != NULL && gloss_date_is_valid (value))
        {
          g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
          g_autofree char *iso = g_strconcat (value, "T12:00:00Z", NULL);
          g_autoptr(GDateTime) date = g_date_time_new_from_iso8601 (iso, utc);

          if (date != NULL)
            gtk_calendar_select_day (input->calendar, date);
        }
    }
  self->filling = filling;
}

static FieldInput *
gloss_field_editor_add_input (GlossFieldEditor *self,
                              GlossField       *field,
                              int               row)
{
  FieldInput *input = g_new0 (FieldInput, 1);
  g_autofree char *title = display_name (gloss_codebook_name (field->name));
  GtkWidget *name = gtk_label_new (title);
  GtkWidget *error = gtk_label_new (NULL);
  const char *type = field->type;

  input->editor = self;
  input->field = field;

  if (g_str_equal (type, GLOSS_FIELD_TYPE_CHOICE))
    input->input = choice_input_new (input);
  else if (g_str_equal (type, GLOSS_FIELD_TYPE_SCALE))
    input->input = scale_input_new (input);
  else if (g_str_equal (type, GLOSS_FIELD_TYPE_DATE))
    input->input = date_input_new (input);
  else if (g_str_equal (type, GLOSS_FIELD_TYPE_BOOLEAN))
    {
      input->input = gtk_switch_new ();
      gtk_widget_set_halign (input->input, GTK_ALIGN_START);
      g_signal_connect (input->input, "notify::active", G_CALLBACK (switch_active_cb), input);
    }
  else if (g_str_equal (type, GLOSS_FIELD_TYPE_ENTITY))
    input->input = entity_input_new (input);
  else if (g_str_equal (type, GLOSS_FIELD_TYPE_NUMBER))
    {
      input->input = entry_input_new (input, NULL);
      gtk_entry_set_input_purpose (input->entry, GTK_INPUT_PURPOSE_NUMBER);
    }
  else
    input->input = entry_input_new (input, NULL);

  gtk_widget_set_hexpand (input->input, TRUE);
  gtk_widget_set_valign (input->input, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (input->input, gloss_field_editor_editable (self));
  if (field->description != NULL)
    gtk_widget_set_tooltip_text (name, field->description);
  /* The name beside the input is what names it (Orca reads "Likelihood, combo box"). */
  gloss_accessible_label_with (input->entry ? GTK_WIDGET (input->entry) : input->input, name);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_set_valign (name, input->steps ? GTK_ALIGN_START : GTK_ALIGN_CENTER);
  if (input->steps != NULL)
    gtk_widget_set_margin_top (name, 7);
  /* Whole names, wrapped between words when long, never inside one ("Categor-y"):
   * the column is at least as wide as the longest word, and the input beside the
   * names shrinks instead. */
  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (name), PANGO_WRAP_WORD);
  gtk_label_set_max_width_chars (GTK_LABEL (name), 12);
  gtk_widget_add_css_class (name, "gloss-field-name");
  if (field->required)
    gtk_widget_add_css_class (name, "heading");

  gtk_label_set_xalign (GTK_LABEL (error), 0);
  gtk_label_set_wrap (GTK_LABEL (error), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (error), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (error), 24);
  gtk_widget_add_css_class (error, "caption");
  gtk_widget_add_css_class (error, "error");
  gtk_widget_set_visible (error, FALSE);
  input->error_label = error;

  gtk_grid_attach (self->grid, name, 0, row, 1, 1);
  gtk_grid_attach (self->grid, input->input, 1, row, 1, 1);
  gtk_grid_attach (self->grid, error, 1, row + 1, 1, 1);
  return input;
}

/* ------------------------------------------------------------------------- */
/* The mention's entity                                                      */

static void
gloss_field_editor_show_entity (GlossFieldEditor *self)
{
  g_autoptr(GlossEntity) entity = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->entity_error), FALSE);
  if (self->entity_id != NULL)
    entity = gloss_store_get_entity (self->store, self->entity_id, NULL);
  if (entity == NULL)
    {
      gtk_label_set_text (self->entity_name, _("Not linked to an entity"));
      gtk_widget_add_css_class (GTK_WIDGET (self->entity_name), "dim-label");
      gtk_label_set_text (self->entity_info, _("Link it to say who or what this mentions."));
      gtk_menu_button_set_label (self->entity_button, _("_Link…"));
      /* The quote is what the analyst most likely wants to find or create. */
      gloss_entity_picker_set_query (self->entity_picker, self->quote);
      return;
    }

  gtk_label_set_text (self->entity_name, entity->name);
  gtk_widget_remove_css_class (GTK_WIDGET (self->entity_name), "dim-label");
  {
    g_autoptr(GString) info = g_string_new (NULL);

    g_string_append_printf (info, g_dngettext (GETTEXT_PACKAGE, "%u mention", "%u mentions",
                                               (gulong) entity->n_mentions), (guint) entity->n_mentions);
    g_string_append (info, " · ");
    g_string_append_printf (info, g_dngettext (GETTEXT_PACKAGE, "%u document", "%u documents",
                                               (gulong) entity->n_documents), (guint) entity->n_documents);
    if (entity->aliases != NULL && entity->aliases[0] != NULL)
      {
        g_autofree char *aliases = g_strjoinv (", ", entity->aliases);

        g_string_append (info, " · ");
        /* Translators: other names of an entity */
        g_string_append_printf (info, _("also %s"), aliases);
      }
    gtk_label_set_text (self->entity_info, info->str);
  }
  gtk_menu_button_set_label (self->entity_button, _("_Change…"));
  gloss_entity_picker_set_query (self->entity_picker, NULL);
}

static void
entity_chosen_cb (GlossFieldEditor  *self,
                  const char        *entity_id,
                  const char        *new_name,
                  const char        *new_label_id,
                  GlossEntityPicker *picker)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossSession) session = NULL;
  g_autofree char *annotation_id = g_strdup (self->annotation_id);
  g_autofree char *chosen = g_strdup (entity_id);
  gboolean ok;

  if (annotation_id == NULL || !gloss_field_editor_editable (self))
    return;
  if (new_name == NULL && g_strcmp0 (chosen, self->entity_id) == 0)
    return;

  /* One core action: the link (with a new entity if asked), one undo step. */
  session = gloss_session_new (self->store, self->undo);
  if (new_name != NULL)
    {
      g_free (chosen);
      chosen = gloss_session_set_new_entity (session, annotation_id, new_name, new_label_id, &error);
      ok = chosen != NULL;
    }
  else
    ok = gloss_session_set_entity (session, annotation_id, chosen, &error);

  if (!ok)
    {
      gtk_label_set_text (self->entity_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->entity_error), TRUE);
      return;
    }
  g_free (self->entity_id);
  self->entity_id = g_steal_pointer (&chosen);
  gloss_field_editor_show_entity (self);
  g_signal_emit (self, signals[ANNOTATION_CHANGED], 0, annotation_id);
}

/* ------------------------------------------------------------------------- */
/* The risk score                                                            */

static void
gloss_field_editor_update_score (GlossFieldEditor *self)
{
  g_autoptr(GError) error = NULL;
  const char * const levels[] = { "gloss-score-low", "gloss-score-medium", "gloss-score-high", "gloss-score-critical" };
  int score = -1;
  guint level;
  g_autofree char *text = NULL;

  if (self->score_label == NULL)
    return;
  if (self->annotation_id != NULL)
    score = gloss_store_get_risk_score (self->store, self->annotation_id, &error);
  /* An error means the label has no likelihood and impact: no score at all. */
  gtk_widget_set_visible (self->score_title, self->annotation_id != NULL && error == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->score_label), self->annotation_id != NULL && error == NULL);
  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->score_label), levels[i]);
  if (error != NULL)
    return;
  if (score < 0)
    {
      gtk_label_set_text (self->score_label, _("Set likelihood and impact"));
      gtk_widget_add_css_class (GTK_WIDGET (self->score_label), "dim-label");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->score_label), "dim-label");
  /* The usual bands of a 5×5 matrix: 1-4, 5-9, 10-16, 20-25. */
  level = score <= 4 ? 0 : score <= 9 ? 1 : score <= 16 ? 2 : 3;
  {
    const char *names[] = { N_("low"), N_("medium"), N_("high"), N_("critical") };

    /* Translators: a risk's score, likelihood × impact, and its band: "12 · high" */
    text = g_strdup_printf (_("%d · %s"), score, _(names[level]));
  }
  gtk_label_set_text (self->score_label, text);
  gtk_widget_add_css_class (GTK_WIDGET (self->score_label), levels[level]);
}

/* ------------------------------------------------------------------------- */
/* Showing an annotation                                                     */

static void
gloss_field_editor_clear (GlossFieldEditor *self)
{
  GtkWidget *child;

  self->filling = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_grid_remove (self->grid, child);
  self->score_title = NULL;
  self->score_label = NULL;
  g_ptr_array_set_size (self->inputs, 0);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  self->filling = FALSE;
}

static void
gloss_field_editor_add_score (GlossFieldEditor *self,
                              int               row)
{
  /* Translators: a risk's score, likelihood × impact */
  self->score_title = gtk_label_new (_("Score"));
  gtk_label_set_xalign (GTK_LABEL (self->score_title), 0);
  gtk_widget_set_tooltip_text (self->score_title, _("Likelihood × impact, worked out from the two"));
  gtk_widget_add_css_class (self->score_title, "gloss-field-name");
  self->score_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->score_label, 0);
  gtk_widget_set_halign (GTK_WIDGET (self->score_label), GTK_ALIGN_START);
  gtk_widget_add_css_class (GTK_WIDGET (self->score_label), "gloss-score");
  gtk_grid_attach (self->grid, self->score_title, 0, row, 1, 1);
  gtk_grid_attach (self->grid, GTK_WIDGET (self->score_label), 1, row, 1, 1);
}

static void
gloss_field_editor_rebuild (GlossFieldEditor *self,
                            const GlossLabel *label)
{
  g_autoptr(GError) error = NULL;
  int row = 0;

  gloss_field_editor_clear (self);
  if (label == NULL)
    return;

  self->fields = gloss_store_list_fields (self->store, label->id, &error);
  if (self->fields == NULL)
    {
      g_warning ("Could not read the fields of %s: %s", label->name, error->message);
      self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_field_free);
    }
  for (guint i = 0; i < self->fields->len; i++, row += 2)
    g_ptr_array_add (self->inputs, gloss_field_editor_add_input (self, g_ptr_array_index (self->fields, i), row));
  gloss_field_editor_add_score (self, row);
}

void
gloss_field_editor_set_annotation (GlossFieldEditor *self,
                                   const char       *annotation_id)
{
  g_autoptr(GlossAnnotation) annotation = NULL;
  g_autoptr(GlossLabel) label = NULL;
  g_autoptr(GPtrArray) values = NULL;
  gboolean same;
  gboolean is_entity;

  g_return_if_fail (GLOSS_IS_FIELD_EDITOR (self));

  if (annotation_id != NULL && self->store != NULL)
    annotation = gloss_store_get_annotation (self->store, annotation_id, NULL);
  if (annotation != NULL)
    label = gloss_store_get_label (self->store, annotation->label_id, NULL);

  same = annotation != NULL && label != NULL &&
         g_strcmp0 (annotation->id, self->annotation_id) == 0 &&
         g_strcmp0 (label->id, self->label_id) == 0 && self->fields != NULL;

  /* What was typed for the annotation shown so far belongs to it. */
  if (!same && self->annotation_id != NULL)
    gloss_field_editor_flush (self);

  g_free (self->annotation_id);
  self->annotation_id = annotation ? g_strdup (annotation->id) : NULL;
  g_free (self->document_id);
  self->document_id = annotation ? g_strdup (annotation->document_id) : NULL;
  g_free (self->quote);
  self->quote = annotation ? g_strdup (annotation->quote) : NULL;
  g_free (self->entity_id);
  self->entity_id = annotation ? g_strdup (annotation->entity_id) : NULL;
  g_free (self->label_id);
  self->label_id = label ? g_strdup (label->id) : NULL;

  if (!same)
    gloss_field_editor_rebuild (self, label);

  is_entity = label != NULL && g_strcmp0 (label->kind, GLOSS_LABEL_KIND_ENTITY) == 0;
  gtk_widget_set_visible (self->entity_section, is_entity);
  if (is_entity)
    {
      const char *types[] = { label->id, NULL };

      if (!same)
        gloss_entity_picker_configure (self->entity_picker, self->store, types, TRUE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->entity_button), gloss_field_editor_editable (self));
      gloss_field_editor_show_entity (self);
    }

  if (annotation != NULL)
    values = gloss_store_list_field_values (self->store, annotation->id, NULL);
  for (guint i = 0; i < self->inputs->len; i++)
    {
      FieldInput *input = g_ptr_array_index (self->inputs, i);
      const char *value = NULL;

      for (guint j = 0; values != NULL && j < values->len; j++)
        {
          GlossFieldValue *v = g_ptr_array_index (values, j);

          if (g_strcmp0 (v->field_id, input->field->id) == 0)
            value = v->value;
        }
      if (!same || g_strcmp0 (value, input->value) != 0)
        field_input_set_error (input, NULL);
      g_free (input->value);
      input->value = g_strdup (value);
      gloss_field_editor_show_value (self, input);
    }
  gloss_field_editor_update_score (self);
  gtk_widget_set_visible (GTK_WIDGET (self->grid), self->inputs->len > 0 ||
                          (self->score_title != NULL && gtk_widget_get_visible (self->score_title)));
  gtk_widget_set_visible (GTK_WIDGET (self), is_entity || gtk_widget_get_visible (GTK_WIDGET (self->grid)));
}

void
gloss_field_editor_flush (GlossFieldEditor *self)
{
  g_return_if_fail (GLOSS_IS_FIELD_EDITOR (self));

  for (guint i = 0; i < self->inputs->len; i++)
    {
      FieldInput *input = g_ptr_array_index (self->inputs, i);

      if (input->entry != NULL && !gtk_widget_get_visible (input->error_label))
        entry_commit (input);
    }
}

void
gloss_field_editor_set_context (GlossFieldEditor *self,
                                GlossStore       *store,
                                GlossUndoStack   *undo)
{
  g_return_if_fail (GLOSS_IS_FIELD_EDITOR (self));

  gloss_field_editor_set_annotation (self, NULL);
  g_set_object (&self->store, store);
  g_set_object (&self->undo, undo);
}

/* ------------------------------------------------------------------------- */
/* Test hooks                                                                */

static FieldInput *
find_input (GlossFieldEditor *self,
            const char       *name)
{
  for (guint i = 0; i < self->inputs->len; i++)
    {
      FieldInput *input = g_ptr_array_index (self->inputs, i);

      if (g_ascii_strcasecmp (input->field->name, name) == 0)
        return input;
    }
  return NULL;
}

GtkWidget *
gloss_field_editor_get_input (GlossFieldEditor *self,
                              const char       *name)
{
  FieldInput *input = find_input (self, name);

  if (input == NULL)
    return NULL;
  return input->entry ? GTK_WIDGET (input->entry) : input->input;
}

const char *
gloss_field_editor_get_error (GlossFieldEditor *self,
                              const char       *name)
{
  FieldInput *input = find_input (self, name);

  if (input == NULL || !gtk_widget_get_visible (input->error_label))
    return NULL;
  return gtk_label_get_text (GTK_LABEL (input->error_label));
}

GlossEntityPicker *
gloss_field_editor_get_picker (GlossFieldEditor *self,
                               const char       *name)
{
  FieldInput *input;

  if (name == NULL)
    return self->entity_picker;
  input = find_input (self, name);
  return input ? input->picker : NULL;
}

const char *
gloss_field_editor_get_entity_text (GlossFieldEditor *self)
{
  return self->entity_id ? gtk_label_get_text (self->entity_name) : "";
}

const char *
gloss_field_editor_get_score_text (GlossFieldEditor *self)
{
  if (self->score_label == NULL || !gtk_widget_get_visible (GTK_WIDGET (self->score_label)))
    return NULL;
  return gtk_label_get_text (self->score_label);
}

/* ------------------------------------------------------------------------- */
/* GObject                                                                   */

static void
gloss_field_editor_dispose (GObject *object)
{
  GlossFieldEditor *self = GLOSS_FIELD_EDITOR (object);

  self->filling = TRUE;
  g_clear_pointer (&self->inputs, g_ptr_array_unref);
  g_clear_object (&self->store);
  g_clear_object (&self->undo);

  G_OBJECT_CLASS (gloss_field_editor_parent_class)->dispose (object);
}

static void
gloss_field_editor_finalize (GObject *object)
{
  GlossFieldEditor *self = GLOSS_FIELD_EDITOR (object);

  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_free (self->annotation_id);
  g_free (self->document_id);
  g_free (self->label_id);
  g_free (self->quote);
  g_free (self->entity_id);

  G_OBJECT_CLASS (gloss_field_editor_parent_class)->finalize (object);
}

static void
gloss_field_editor_class_init (GlossFieldEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gloss_field_editor_dispose;
  object_class->finalize = gloss_field_editor_finalize;

  signals[ANNOTATION_CHANGED] =
    g_signal_new ("annotation-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static GtkWidget *
caption_heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "caption-heading");
  return label;
}

static void
gloss_field_editor_init (GlossFieldEditor *self)
{
  GtkWidget *row, *texts, *name, *info, *button, *error;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self), "gloss-field-editor");
  self->inputs = g_ptr_array_new_with_free_func ((GDestroyNotify) field_input_free);

  /* The entity a mention refers to. */
  self->entity_section = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_box_append (GTK_BOX (self->entity_section), caption_heading (_("Entity")));
  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_hexpand (texts, TRUE);
  name = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (name), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (name, "heading");
  info = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (info), 0);
  gtk_label_set_wrap (GTK_LABEL (info), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (info), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (info), 26);
  gtk_widget_add_css_class (info, "caption");
  gtk_widget_add_css_class (info, "dim-label");
  gtk_box_append (GTK_BOX (texts), name);
  gtk_box_append (GTK_BOX (texts), info);
  button = gtk_menu_button_new ();
  gtk_menu_button_set_use_underline (GTK_MENU_BUTTON (button), TRUE);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Link the mention to another entity of the register"));
  self->entity_picker = gloss_entity_picker_new ();
  g_signal_connect_object (self->entity_picker, "chosen", G_CALLBACK (entity_chosen_cb), self, G_CONNECT_SWAPPED);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), GTK_WIDGET (self->entity_picker));
  gtk_box_append (GTK_BOX (row), texts);
  gtk_box_append (GTK_BOX (row), button);
  gtk_box_append (GTK_BOX (self->entity_section), row);
  error = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (error), 0);
  gtk_label_set_wrap (GTK_LABEL (error), TRUE);
  gtk_widget_add_css_class (error, "caption");
  gtk_widget_add_css_class (error, "error");
  gtk_widget_set_visible (error, FALSE);
  gtk_box_append (GTK_BOX (self->entity_section), error);
  self->entity_name = GTK_LABEL (name);
  self->entity_info = GTK_LABEL (info);
  self->entity_button = GTK_MENU_BUTTON (button);
  self->entity_error = GTK_LABEL (error);
  gtk_widget_set_visible (self->entity_section, FALSE);
  gtk_box_append (GTK_BOX (self), self->entity_section);

  /* The label's fields, name on the left and input on the right. */
  self->grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_column_spacing (self->grid, 8);
  gtk_grid_set_row_spacing (self->grid, 4);
  gtk_widget_add_css_class (GTK_WIDGET (self->grid), "gloss-fields");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->grid), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Fields"), -1);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->grid));

  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
gloss_field_editor_new (void)
{
  return g_object_new (GLOSS_TYPE_FIELD_EDITOR, NULL);
}
