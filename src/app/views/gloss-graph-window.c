/* gloss-graph-window.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The chart is built by one call (gloss_graph_build(): five queries and a pass over
 * the mentions) and laid out with the nodes' current places as seeds, when the
 * window opens and again once the main loop is idle after the store says the project
 * changed (so a bulk change costs one rebuild, and the chart keeps its shape). A node
 * the analyst drags is saved through gloss_session_set_graph_positions() when it is
 * dropped.
 */
#define G_LOG_DOMAIN "gloss-graph-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gloss-dates.h"
#include "gloss-graph-out.h"
#include "gloss-graph-window.h"
#include "gloss-keynav.h"
#include "gloss-scope.h"
#include "gloss-session.h"
#include "gloss-view-common.h"

/* Rows of the side panel: an edge of a busy chart may have thousands of places. */
#define MAX_ROWS 500

struct _GlossGraphWindow
{
  AdwWindow        parent_instance;

  /* Template children */
  AdwToastOverlay *toasts;
  AdwWindowTitle  *window_title;
  GlossGraphView  *view;
  GtkLabel        *panel_title;
  GtkLabel        *panel_detail;
  GtkListBox      *spans_list;
  GtkDropDown     *set_dropdown;
  GtkDropDown     *label_dropdown;
  GtkDropDown     *annotator_dropdown;
  GtkEntry        *from_entry;
  GtkEntry        *to_entry;
  GtkSpinButton   *weight_spin;
  GtkDropDown     *within_dropdown;
  GtkFlowBox      *filter_bar;

  GlossStore      *store;          /* watched: the window closes when it goes */
  GlossSession    *session;
  GPtrArray       *set_ids;        /* char*, [0] NULL: all */
  GPtrArray       *label_ids;      /* char*, [0] NULL: all */
  GPtrArray       *annotator_names; /* char*, [0] NULL: all */
  GPtrArray       *spans;          /* GlossGraphSpan* (borrowed from the chart) the rows show */
  guint            reload_id;
  gboolean         updating;       /* filling the filter menus: not a filter change */
};

G_DEFINE_FINAL_TYPE (GlossGraphWindow, gloss_graph_window, ADW_TYPE_WINDOW)

enum {
  OPEN_SPAN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
toast (GlossGraphWindow *self,
       const char       *message)
{
  AdwToast *t = adw_toast_new (message);

  adw_toast_set_timeout (t, 4);
  adw_toast_overlay_add_toast (self->toasts, t);
}

static void
update_actions (GlossGraphWindow *self)
{
  const GlossGraph *graph = gloss_graph_view_get_graph (self->view);
  gboolean any = graph != NULL && graph->nodes->len > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "graph-window.export", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "graph-window.relayout", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "graph-window.fit", any);
}

static void
update_title (GlossGraphWindow *self)
{
  const GlossGraph *graph = gloss_graph_view_get_graph (self->view);
  guint nodes = graph ? graph->nodes->len : 0, edges = graph ? graph->edges->len : 0;
  g_autofree char *a = g_strdup_printf (ngettext ("%u entity", "%u entities", nodes), nodes);
  g_autofree char *b = g_strdup_printf (ngettext ("%u connection", "%u connections", edges), edges);
  g_autofree char *subtitle = g_strdup_printf ("%s, %s", a, b);

  adw_window_title_set_subtitle (self->window_title, subtitle);
}

/* ------------------------------------------------------------------------- */
/* The side panel                                                             */

/* How far apart two mentions may be to co-occur, as the Together in list says:
 * its rows are those of GlossGraphWithin, in order. */
static GlossGraphWithin
current_within (GlossGraphWindow *self)
{
  return gtk_drop_down_get_selected (self->within_dropdown) == GLOSS_GRAPH_WITHIN_PARAGRAPH
           ? GLOSS_GRAPH_WITHIN_PARAGRAPH
           : GLOSS_GRAPH_WITHIN_SENTENCE;
}

static GtkWidget *
span_row (const GlossGraphSpan *span)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *where = gtk_label_new (span->document_title);
  GtkWidget *text = gtk_label_new (span->text);

  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_margin_end (box, 8);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (where), 0);
  gtk_label_set_ellipsize (GTK_LABEL (where), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (where, "caption");
  gtk_widget_add_css_class (where, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (text), 4);
  gtk_label_set_ellipsize (GTK_LABEL (text), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), where);
  gtk_box_append (GTK_BOX (box), text);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_tooltip_text (row, _("Open the text here"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, span->text, -1);
  return row;
}

static void
show_spans (GlossGraphWindow *self,
            GPtrArray        *spans)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->spans_list))) != NULL)
    gtk_list_box_remove (self->spans_list, child);
  g_ptr_array_set_size (self->spans, 0);
  for (guint i = 0; spans != NULL && i < spans->len && i < MAX_ROWS; i++)
    {
      g_ptr_array_add (self->spans, spans->pdata[i]);
      gtk_list_box_append (self->spans_list, span_row (spans->pdata[i]));
    }
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->spans_list)), self->spans->len > 0);
}

static void
selection_changed_cb (GlossGraphWindow *self)
{
  const GlossGraph *graph = gloss_graph_view_get_graph (self->view);
  int node = gloss_graph_view_get_selected_node (self->view);
  int edge = gloss_graph_view_get_selected_edge (self->view);
  g_autofree char *title = NULL;
  g_autofree char *detail = NULL;
  GPtrArray *spans = NULL;

  if (graph != NULL && node >= 0)
    {
      const GlossGraphNode *n = graph->nodes->pdata[node];

      title = g_strdup (n->name);
      detail = g_strdup_printf (ngettext ("%s · %u mention", "%s · %u mentions", n->mentions), n->type, n->mentions);
      spans = n->mention_spans;
    }
  else if (graph != NULL && edge >= 0)
    {
      const GlossGraphEdge *e = graph->edges->pdata[edge];
      const char *a = ((GlossGraphNode *) graph->nodes->pdata[e->source])->name;
      const char *b = ((GlossGraphNode *) graph->nodes->pdata[e->target])->name;

      if (e->kind == GLOSS_GRAPH_EDGE_LINK)
        {
          title = g_strdup_printf ("%s → %s", a, b);
          detail = g_strdup_printf (ngettext ("“%s” · %u link", "“%s” · %u links", e->weight), e->relation, e->weight);
        }
      else if (current_within (self) == GLOSS_GRAPH_WITHIN_PARAGRAPH)
        {
          title = g_strdup_printf ("%s — %s", a, b);
          detail = g_strdup_printf (ngettext ("Together in %u place: a paragraph or a claim",
                                              "Together in %u places: paragraphs or claims", e->weight), e->weight);
        }
      else
        {
          title = g_strdup_printf ("%s — %s", a, b);
          detail = g_strdup_printf (ngettext ("Together in %u place: a sentence or a claim",
                                              "Together in %u places: sentences or claims", e->weight), e->weight);
        }
      spans = e->spans;
    }
  else
    {
      title = g_strdup (_("Nothing selected"));
      detail = g_strdup (_("Click an entity to see its mentions, or a line to see where the two are connected."));
    }
  gtk_label_set_text (self->panel_title, title);
  gtk_label_set_text (self->panel_detail, detail);
  show_spans (self, spans);
}

static void
span_activated_cb (GlossGraphWindow *self,
                   GtkListBoxRow    *row)
{
  int index = gtk_list_box_row_get_index (row);
  const GlossGraphSpan *span;

  if (index < 0 || (guint) index >= self->spans->len)
    return;
  span = self->spans->pdata[index];
  g_signal_emit (self, signals[OPEN_SPAN], 0, span->document_id, span->annotation_ids[0], span->start, span->end);
}

static void
view_activated_cb (GlossGraphWindow *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->spans_list, 0);

  if (first != NULL)
    span_activated_cb (self, first);
}

/* ------------------------------------------------------------------------- */
/* Filters and reading the project                                            */

static void
fill_dropdown (GtkDropDown *dropdown,
               GPtrArray   *ids,
               const char  *all,
               GPtrArray   *names_and_ids)   /* pairs: name, id */
{
  const char *selected_id = NULL;
  g_autofree char *keep = NULL;
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  guint selected = gtk_drop_down_get_selected (dropdown), at = 0;

  if (selected != GTK_INVALID_LIST_POSITION && selected < ids->len)
    selected_id = ids->pdata[selected];
  keep = g_strdup (selected_id);
  g_ptr_array_set_size (ids, 0);
  gtk_string_list_append (model, all);
  g_ptr_array_add (ids, NULL);
  for (guint i = 0; i + 1 < names_and_ids->len; i += 2)
    {
      gtk_string_list_append (model, names_and_ids->pdata[i]);
      g_ptr_array_add (ids, g_strdup (names_and_ids->pdata[i + 1]));
      if (keep != NULL && g_str_equal (keep, names_and_ids->pdata[i + 1]))
        at = ids->len - 1;
    }
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (model));
  gtk_drop_down_set_selected (dropdown, at);
}

static void
update_filter_menus (GlossGraphWindow *self)
{
  g_autoptr(GPtrArray) sets = gloss_set_list (self->store, NULL);
  g_autoptr(GPtrArray) labels = gloss_store_list_labels (self->store, NULL);
  g_autoptr(GPtrArray) annotators = gloss_store_list_annotators (self->store, NULL);
  g_autoptr(GPtrArray) pairs = g_ptr_array_new ();

  self->updating = TRUE;
  for (guint i = 0; sets != NULL && i < sets->len; i++)
    {
      GlossSet *set = sets->pdata[i];

      g_ptr_array_add (pairs, set->name);
      g_ptr_array_add (pairs, set->id);
    }
  fill_dropdown (self->set_dropdown, self->set_ids, _("All Documents"), pairs);
  g_ptr_array_set_size (pairs, 0);
  for (guint i = 0; labels != NULL && i < labels->len; i++)
    {
      GlossLabel *label = labels->pdata[i];

      g_ptr_array_add (pairs, label->name);
      g_ptr_array_add (pairs, label->id);
    }
  fill_dropdown (self->label_dropdown, self->label_ids, _("All Labels"), pairs);
  g_ptr_array_set_size (pairs, 0);
  /* The graph filters annotators by name, as a saved set does. */
  for (guint i = 0; annotators != NULL && i < annotators->len; i++)
    {
      GlossAnnotator *annotator = annotators->pdata[i];

      g_ptr_array_add (pairs, annotator->name);
      g_ptr_array_add (pairs, annotator->name);
    }
  fill_dropdown (self->annotator_dropdown, self->annotator_names, _("All Annotators"), pairs);
  self->updating = FALSE;
}

static const char *
dropdown_id (GtkDropDown *dropdown,
             GPtrArray   *ids)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  return selected != GTK_INVALID_LIST_POSITION && selected < ids->len ? ids->pdata[selected] : NULL;
}

/* The filter the controls describe; NULL (with a toast) when a date is not one. */
static GlossGraphFilter *
current_filter (GlossGraphWindow *self)
{
  g_autoptr(GlossGraphFilter) filter = gloss_graph_filter_new ();
  const char *from = gtk_editable_get_text (GTK_EDITABLE (self->from_entry));
  const char *to = gtk_editable_get_text (GTK_EDITABLE (self->to_entry));
  const char *label = dropdown_id (self->label_dropdown, self->label_ids);
  const char *set = dropdown_id (self->set_dropdown, self->set_ids);
  const char *annotator = dropdown_id (self->annotator_dropdown, self->annotator_names);
  g_autoptr(GError) error = NULL;
  GlossDate date;

  if ((*from && !gloss_date_parse_iso (from, &date)) || (*to && !gloss_date_parse_iso (to, &date)))
    {
      toast (self, _("Write dates as YYYY, YYYY-MM or YYYY-MM-DD."));
      return NULL;
    }
  filter->published_from = *from ? g_strdup (from) : NULL;
  filter->published_to = *to ? g_strdup (to) : NULL;
  filter->min_weight = (guint) gtk_spin_button_get_value_as_int (self->weight_spin);
  filter->within = current_within (self);
  if (label != NULL)
    {
      filter->labels = g_new0 (char *, 2);
      filter->labels[0] = g_strdup (label);
    }
  /* Before the set's: a set of other annotators leaves none. */
  if (annotator != NULL)
    {
      filter->annotators = g_new0 (char *, 2);
      filter->annotators[0] = g_strdup (annotator);
    }
  if (set != NULL && !gloss_graph_filter_add_set (filter, self->store, set, &error))
    {
      toast (self, error->message);
      return NULL;
    }
  return g_steal_pointer (&filter);
}

static void
set_chart (GlossGraphWindow *self,
           gboolean          fresh)
{
  g_autoptr(GlossGraphFilter) filter = NULL;
  g_autoptr(GHashTable) seeds = NULL;
  g_autoptr(GError) error = NULL;
  GlossGraph *graph;

  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (self->store == NULL || (filter = current_filter (self)) == NULL)
    return;
  graph = gloss_graph_build (self->store, filter, &error);
  if (graph == NULL)
    {
      toast (self, error->message);
      return;
    }
  if (!fresh)
    seeds = gloss_graph_view_dup_positions (self->view);
  gloss_graph_layout (graph, seeds, 0);
  /* The panel shows spans of the chart being replaced: let go of them first. */
  show_spans (self, NULL);
  gloss_graph_view_set_graph (self->view, graph);
  update_title (self);
  update_actions (self);
}

void
gloss_graph_window_reload (GlossGraphWindow *self)
{
  g_return_if_fail (GLOSS_IS_GRAPH_WINDOW (self));
  set_chart (self, FALSE);
}

static gboolean
reload_idle_cb (gpointer data)
{
  GlossGraphWindow *self = data;

  self->reload_id = 0;
  gloss_graph_window_reload (self);
  return G_SOURCE_REMOVE;
}

static void
queue_reload (GlossGraphWindow *self)
{
  if (self->reload_id == 0)
    self->reload_id = g_idle_add (reload_idle_cb, self);
}

/* A change may bring an annotator (a colleague's annotation, a merge): the list is
 * filled again only then, not to disturb it for every annotation. */
static gboolean
annotators_changed (GlossGraphWindow *self)
{
  g_autoptr(GPtrArray) annotators = gloss_store_list_annotators (self->store, NULL);

  if (annotators == NULL)
    return FALSE;
  if (annotators->len + 1 != self->annotator_names->len)
    return TRUE;
  for (guint i = 0; i < annotators->len; i++)
    if (g_strcmp0 (((GlossAnnotator *) annotators->pdata[i])->name, self->annotator_names->pdata[i + 1]) != 0)
      return TRUE;
  return FALSE;
}

static void
store_changed_cb (GlossGraphWindow *self,
                  GlossChangeKind   kind,
                  const char       *detail,
                  GlossStore       *store)
{
  if (kind == GLOSS_CHANGE_LABELS || kind == GLOSS_CHANGE_ALL || kind == GLOSS_CHANGE_PROJECT ||
      annotators_changed (self))
    update_filter_menus (self);
  queue_reload (self);
}

static void
filter_changed_cb (GlossGraphWindow *self)
{
  if (!self->updating)
    queue_reload (self);
}

static void
node_moved_cb (GlossGraphWindow *self,
               guint             index)
{
  const GlossGraph *graph = gloss_graph_view_get_graph (self->view);
  const GlossGraphNode *node;
  GlossGraphPosition position;
  g_autoptr(GError) error = NULL;

  if (graph == NULL || index >= graph->nodes->len || self->session == NULL)
    return;
  node = graph->nodes->pdata[index];
  position.entity_id = node->id;
  position.x = node->x;
  position.y = node->y;
  if (!gloss_session_set_graph_positions (self->session, &position, 1, &error))
    toast (self, error->message);
}

/* ------------------------------------------------------------------------- */
/* Actions                                                                    */

static void
zoom_in_action (GtkWidget *widget, const char *name, GVariant *param)
{
  gloss_graph_view_zoom (GLOSS_GRAPH_WINDOW (widget)->view, 1.25);
}

static void
zoom_out_action (GtkWidget *widget, const char *name, GVariant *param)
{
  gloss_graph_view_zoom (GLOSS_GRAPH_WINDOW (widget)->view, 0.8);
}

static void
fit_action (GtkWidget *widget, const char *name, GVariant *param)
{
  gloss_graph_view_fit (GLOSS_GRAPH_WINDOW (widget)->view);
}

/* Lays the chart out from scratch; entities the analyst placed stay. */
static void
relayout_action (GtkWidget *widget, const char *name, GVariant *param)
{
  GlossGraphWindow *self = GLOSS_GRAPH_WINDOW (widget);

  set_chart (self, TRUE);
  gloss_graph_view_fit (self->view);
}

gboolean
gloss_graph_window_export (GlossGraphWindow *self,
                           const char       *format,
                           const char       *path,
                           GError          **error)
{
  const GlossGraph *graph = gloss_graph_view_get_graph (self->view);
  GlossGraphFormat data_format;

  g_return_val_if_fail (GLOSS_IS_GRAPH_WINDOW (self), FALSE);

  if (g_strcmp0 (format, "png") == 0)
    return gloss_graph_view_save_png (self->view, path, error);
  if (g_strcmp0 (format, "svg") == 0)
    return gloss_graph_view_save_svg (self->view, path, error);
  if (graph == NULL || !gloss_graph_format_from_string (format, &data_format))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("Unknown export format “%s”."), format);
      return FALSE;
    }
  return gloss_graph_export (graph, data_format, path, NULL, error);
}

static gboolean
export_cb (GtkWindow   *window,
           const char  *format,
           const char  *path,
           GError     **error)
{
  return gloss_graph_window_export (GLOSS_GRAPH_WINDOW (window), format, path, error);
}

static void
export_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  GlossGraphWindow *self = GLOSS_GRAPH_WINDOW (widget);
  const char *format = g_variant_get_string (param, NULL);
  GlossGraphFormat data_format;
  g_autofree char *file_name = NULL;
  const char *extension = format;

  if (gloss_graph_format_from_string (format, &data_format))
    extension = gloss_graph_format_extension (data_format);
  else if (g_strcmp0 (format, "svg") != 0 && g_strcmp0 (format, "png") != 0)
    return;
  file_name = g_strdup_printf ("link-chart.%s", extension);
  gloss_view_export_to_chosen_file (GTK_WINDOW (self), self->toasts, _("Export Link Chart"), file_name, format,
                                    export_cb, _("Link chart exported"));
}

/* ------------------------------------------------------------------------- */

static void
gloss_graph_window_dispose (GObject *object)
{
  GlossGraphWindow *self = GLOSS_GRAPH_WINDOW (object);

  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (self->store != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->store, self);
      gloss_view_unwatch_store (GTK_WINDOW (self), self->store);
      self->store = NULL;
    }
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), GLOSS_TYPE_GRAPH_WINDOW);
  G_OBJECT_CLASS (gloss_graph_window_parent_class)->dispose (object);
}

static void
gloss_graph_window_finalize (GObject *object)
{
  GlossGraphWindow *self = GLOSS_GRAPH_WINDOW (object);

  g_clear_pointer (&self->set_ids, g_ptr_array_unref);
  g_clear_pointer (&self->label_ids, g_ptr_array_unref);
  g_clear_pointer (&self->annotator_names, g_ptr_array_unref);
  g_clear_pointer (&self->spans, g_ptr_array_unref);
  G_OBJECT_CLASS (gloss_graph_window_parent_class)->finalize (object);
}

static void
gloss_graph_window_class_init (GlossGraphWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gloss_graph_window_dispose;
  object_class->finalize = gloss_graph_window_finalize;

  signals[OPEN_SPAN] = g_signal_new ("open-span", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                     NULL, G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_INT64, G_TYPE_INT64);

  g_type_ensure (GLOSS_TYPE_GRAPH_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Gloss/gloss-graph-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GlossGraphWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, GlossGraphWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, GlossGraphWindow, view);
  gtk_widget_class_bind_template_child (widget_class, GlossGraphWindow, panel_title);
  gtk_widget_class_bind_template_child (widget_class, GlossGraphWindow, panel_detail);
  gtk_widget_class_bind_template_child (widget_class, GlossGraphWindow, spans_list);
  gtk_widget_class_bind_template_child (widget_class, GlossGraphWindow, set_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GlossGraphWindow, label_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GlossGraphWindow, annotator_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GlossGraphWindow, from_entry);
  gtk_widget_class_bind_template_child (widget_class, GlossGraphWindow, to_entry);
  gtk_widget_class_bind_template_child (widget_class, GlossGraphWindow, weight_spin);
  gtk_widget_class_bind_template_child (widget_class, GlossGraphWindow, within_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GlossGraphWindow, filter_bar);
  gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, node_moved_cb);
  gtk_widget_class_bind_template_callback (widget_class, view_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, span_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);

  gtk_widget_class_install_action (widget_class, "graph-window.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "graph-window.relayout", NULL, relayout_action);
  gtk_widget_class_install_action (widget_class, "graph-window.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "graph-window.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "graph-window.fit", NULL, fit_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "graph-window.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "graph-window.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "graph-window.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "graph-window.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "graph-window.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "graph-window.fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gloss_graph_window_init (GlossGraphWindow *self)
{
  self->set_ids = g_ptr_array_new_with_free_func (g_free);
  self->label_ids = g_ptr_array_new_with_free_func (g_free);
  self->annotator_names = g_ptr_array_new_with_free_func (g_free);
  self->spans = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gloss_view_load_css ();
  g_signal_connect_object (self->set_dropdown, "notify::selected", G_CALLBACK (filter_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->label_dropdown, "notify::selected", G_CALLBACK (filter_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->annotator_dropdown, "notify::selected", G_CALLBACK (filter_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->within_dropdown, "notify::selected", G_CALLBACK (filter_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->filter_bar), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Filters"), -1);
  /* The filter bar's cells are layout, not stops for the Tab key. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->filter_bar));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_focusable (child, FALSE);
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->view));
  gloss_keynav_escape_closes (GTK_WINDOW (self));
  selection_changed_cb (self);
}

GlossGraphWindow *
gloss_graph_window_new (GtkWindow  *transient_for,
                        GlossStore *store)
{
  GlossGraphWindow *self;
  g_autoptr(GlossUndoStack) undo = gloss_undo_stack_new ();

  g_return_val_if_fail (transient_for == NULL || GTK_IS_WINDOW (transient_for), NULL);
  g_return_val_if_fail (GLOSS_IS_STORE (store), NULL);

  self = g_object_new (GLOSS_TYPE_GRAPH_WINDOW, "transient-for", transient_for, NULL);
  self->store = store;
  /* Positions take no undo step (gloss_session_set_graph_positions()): a stack of
   * the window's own, never used, rather than the main window's. */
  self->session = gloss_session_new (store, undo);
  gloss_view_watch_store (GTK_WINDOW (self), store, NULL, NULL);
  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  update_filter_menus (self);
  gloss_graph_window_reload (self);
  return self;
}

GlossGraphView *
gloss_graph_window_get_view (GlossGraphWindow *self)
{
  g_return_val_if_fail (GLOSS_IS_GRAPH_WINDOW (self), NULL);
  return self->view;
}

GtkListBox *
gloss_graph_window_get_spans (GlossGraphWindow *self)
{
  g_return_val_if_fail (GLOSS_IS_GRAPH_WINDOW (self), NULL);
  return self->spans_list;
}

GtkLabel *
gloss_graph_window_get_panel_title (GlossGraphWindow *self)
{
  g_return_val_if_fail (GLOSS_IS_GRAPH_WINDOW (self), NULL);
  return self->panel_title;
}

GtkSpinButton *
gloss_graph_window_get_weight_spin (GlossGraphWindow *self)
{
  g_return_val_if_fail (GLOSS_IS_GRAPH_WINDOW (self), NULL);
  return self->spans_list ? self->weight_spin : NULL;
}

GtkLabel *
gloss_graph_window_get_panel_detail (GlossGraphWindow *self)
{
  g_return_val_if_fail (GLOSS_IS_GRAPH_WINDOW (self), NULL);
  return self->panel_detail;
}

GtkDropDown *
gloss_graph_window_get_annotator_dropdown (GlossGraphWindow *self)
{
  g_return_val_if_fail (GLOSS_IS_GRAPH_WINDOW (self), NULL);
  return self->annotator_dropdown;
}

GtkDropDown *
gloss_graph_window_get_within_dropdown (GlossGraphWindow *self)
{
  g_return_val_if_fail (GLOSS_IS_GRAPH_WINDOW (self), NULL);
  return self->within_dropdown;
}
