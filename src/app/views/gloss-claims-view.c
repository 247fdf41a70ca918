/* gloss-claims-view.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Claims table as a widget: the Claims window shows it, and so does the main
 * window's side pane. The rows come from one query (gloss_store_list_claims()) into a GlossRowModel;
 * a GtkSortListModel sorted by the column view's sorter and a GtkFilterListModel
 * sit on top of it, so that filtering a sorted table never sorts it again. A change
 * to the project reloads the rows once the main loop is idle: a bulk import that
 * emits many changes costs one query.
 */
#define G_LOG_DOMAIN "gloss-claims-view"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "gloss-accessible.h"
#include "gloss-keynav.h"
#include "gloss-claims-view.h"
#include "gloss-row-model.h"
#include "gloss-view-common.h"
#include "gloss-views.h"

typedef struct {
  GlossClaimsView *self;
  GlossClaimsColumn  column;
} ColumnInfo;

struct _GlossClaimsView
{
  GtkWidget            parent_instance;

  /* Template children */
  GtkWidget           *box;
  GtkFlowBox          *filter_bar;
  GtkSearchEntry      *search_entry;
  GtkDropDown         *status_dropdown;
  GtkDropDown         *likelihood_dropdown;
  GtkStack            *stack;
  GtkColumnView       *column_view;

  GlossStore          *store;           /* watched: the view closes when it goes */
  GlossViewFields     *fields;
  GlossRowModel       *rows;
  GtkSortListModel    *sorted;
  GtkFilterListModel  *filtered;
  GtkMultiSelection   *selection;     /* several claims go to an analysis at once */
  GtkCustomFilter     *filter;
  GtkColumnViewColumn *columns[GLOSS_CLAIMS_N_COLUMNS];
  ColumnInfo           info[GLOSS_CLAIMS_N_COLUMNS];

  char                *search;          /* casefolded, NULL for none */
  GPtrArray           *status_values;   /* char*, [0] NULL = any */
  GPtrArray           *likelihood_values;
  guint                reload_id;
  gboolean             stale;       /* changed while hidden: read again when shown */
  char                *summary;         /* "3 of 40 claims" */
};

G_DEFINE_FINAL_TYPE (GlossClaimsView, gloss_claims_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SUMMARY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  OPEN_ANNOTATION,
  ADD_TO_ANALYSIS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------------- */
/* Columns                                                                   */

static const struct {
  const char *title;
  const char *field;         /* field whose options give the order and names, or NULL */
  gboolean    expand;
  int         width;
} column_defs[GLOSS_CLAIMS_N_COLUMNS] = {
  [GLOSS_CLAIMS_COLUMN_QUOTE]       = { N_("Quote"), NULL, TRUE, 230 },
  [GLOSS_CLAIMS_COLUMN_SPEAKER]     = { N_("Speaker"), NULL, FALSE, 140 },
  [GLOSS_CLAIMS_COLUMN_TYPE]        = { N_("Type"), GLOSS_CLAIM_FIELD_TYPE, FALSE, 100 },
  [GLOSS_CLAIMS_COLUMN_LIKELIHOOD]  = { N_("Likelihood"), GLOSS_CLAIM_FIELD_LIKELIHOOD, FALSE, 150 },
  [GLOSS_CLAIMS_COLUMN_CONFIDENCE]  = { N_("Confidence"), GLOSS_CLAIM_FIELD_CONFIDENCE, FALSE, 95 },
  [GLOSS_CLAIMS_COLUMN_CREDIBILITY] = { N_("Credibility"), GLOSS_CLAIM_FIELD_CREDIBILITY, FALSE, 140 },
  [GLOSS_CLAIMS_COLUMN_STATUS]      = { N_("Status"), GLOSS_CLAIM_FIELD_STATUS, FALSE, 100 },
  [GLOSS_CLAIMS_COLUMN_DOCUMENT]    = { N_("Document"), NULL, FALSE, 150 },
};

static const char *
claim_value (const GlossClaimRow *row,
             GlossClaimsColumn    column)
{
  switch (column)
    {
    case GLOSS_CLAIMS_COLUMN_QUOTE:       return row->quote;
    case GLOSS_CLAIMS_COLUMN_SPEAKER:     return row->speaker;
    case GLOSS_CLAIMS_COLUMN_TYPE:        return row->claim_type;
    case GLOSS_CLAIMS_COLUMN_LIKELIHOOD:  return row->likelihood;
    case GLOSS_CLAIMS_COLUMN_CONFIDENCE:  return row->confidence;
    case GLOSS_CLAIMS_COLUMN_CREDIBILITY: return row->credibility;
    case GLOSS_CLAIMS_COLUMN_STATUS:      return row->status;
    case GLOSS_CLAIMS_COLUMN_DOCUMENT:    return row->document_title;
    case GLOSS_CLAIMS_N_COLUMNS:
    default:                              return NULL;
    }
}

/* A claim dragged out of the table (onto the Competing Hypotheses matrix) carries its id. */
static GdkContentProvider *
quote_drag_prepare_cb (GtkDragSource *source,
                       double         x,
                       double         y,
                       GtkWidget     *label)
{
  const char *id = g_object_get_data (G_OBJECT (label), "annotation-id");
  g_autofree char *text = NULL;

  if (id == NULL)
    return NULL;
  text = g_strconcat ("gloss-annotation:", id, NULL);
  return gdk_content_provider_new_typed (G_TYPE_STRING, text);
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               ColumnInfo               *info)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (info->column == GLOSS_CLAIMS_COLUMN_QUOTE)
    {
      GtkDragSource *drag = gtk_drag_source_new ();

      gtk_drag_source_set_actions (drag, GDK_ACTION_COPY);
      g_signal_connect (drag, "prepare", G_CALLBACK (quote_drag_prepare_cb), label);
      gtk_widget_add_controller (label, GTK_EVENT_CONTROLLER (drag));
      gtk_widget_add_css_class (label, "gloss-table-quote");
    }
  gtk_list_item_set_child (list_item, label);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              ColumnInfo               *info)
{
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (list_item));
  GlossRowItem *item = gtk_list_item_get_item (list_item);
  const GlossClaimRow *row = gloss_row_item_get_row (item);
  const char *value = claim_value (row, info->column);
  g_autofree char *shown = NULL;

  if (column_defs[info->column].field != NULL)
    shown = gloss_view_fields_describe (info->self->fields, row->label_id,
                                        column_defs[info->column].field, value);
  /* A claim in a PDF or scan says its page beside the document: "Report, p. 12". */
  else if (info->column == GLOSS_CLAIMS_COLUMN_DOCUMENT && row->pages != NULL)
    shown = g_strdup_printf ("%s, %s", value ? value : "", row->pages);
  gtk_label_set_text (label, shown ? shown : value ? value : "");
  /* A screen reader names the row by its claim. */
  if (info->column == GLOSS_CLAIMS_COLUMN_QUOTE)
    {
      gloss_accessible_name_row (GTK_WIDGET (label), value);
      g_object_set_data_full (G_OBJECT (label), "annotation-id", g_strdup (row->annotation_id), g_free);
    }
  /* Cells are cut to one line: the tooltip has all of it. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), shown ? shown : value);
}

/* Empty values sort after every value, in either direction of the text. */
static int
compare_presence (const char *a,
                  const char *b)
{
  gboolean has_a = a != NULL && *a != '\0';
  gboolean has_b = b != NULL && *b != '\0';

  return has_a == has_b ? 0 : has_a ? -1 : 1;
}

static int
compare_claims_cb (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  ColumnInfo *info = user_data;
  GlossRowItem *ia = GLOSS_ROW_ITEM ((gpointer) a);
  GlossRowItem *ib = GLOSS_ROW_ITEM ((gpointer) b);
  const GlossClaimRow *ra = gloss_row_item_get_row (ia);
  const GlossClaimRow *rb = gloss_row_item_get_row (ib);
  const char *va = claim_value (ra, info->column);
  const char *vb = claim_value (rb, info->column);
  const char *field = column_defs[info->column].field;
  int result = compare_presence (va, vb);

  if (result == 0 && va != NULL && vb != NULL)
    {
      int rank_a = field ? gloss_view_fields_rank (info->self->fields, ra->label_id, field, va) : 0;
      int rank_b = field ? gloss_view_fields_rank (info->self->fields, rb->label_id, field, vb) : 0;

      /* A choice sorts in the codebook's order of its options; text by collation. */
      if (rank_a != rank_b)
        result = rank_a < rank_b ? -1 : 1;
      else
        result = strcmp (gloss_row_item_get_sort_key (ia, info->column, va),
                         gloss_row_item_get_sort_key (ib, info->column, vb));
    }
  /* Ties keep document and text order. */
  if (result == 0)
    result = strcmp (gloss_row_item_get_sort_key (ia, GLOSS_CLAIMS_COLUMN_DOCUMENT, ra->document_title),
                     gloss_row_item_get_sort_key (ib, GLOSS_CLAIMS_COLUMN_DOCUMENT, rb->document_title));
  if (result == 0)
    result = ra->start < rb->start ? -1 : ra->start > rb->start ? 1 : 0;
  return result < 0 ? GTK_ORDERING_SMALLER : result > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

/* ------------------------------------------------------------------------- */
/* Filter                                                                    */

static const char *
dropdown_value (GtkDropDown *dropdown,
                GPtrArray   *values)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (values == NULL || selected == GTK_INVALID_LIST_POSITION || selected >= values->len)
    return NULL;
  return values->pdata[selected];
}

static gboolean
filter_claim_cb (gpointer object,
                 gpointer user_data)
{
  GlossClaimsView *self = user_data;
  GlossRowItem *item = object;
  const GlossClaimRow *row = gloss_row_item_get_row (item);
  const char *status = dropdown_value (self->status_dropdown, self->status_values);
  const char *likelihood = dropdown_value (self->likelihood_dropdown, self->likelihood_values);

  if (status != NULL && g_strcmp0 (row->status, status) != 0)
    return FALSE;
  if (likelihood != NULL && g_strcmp0 (row->likelihood, likelihood) != 0)
    return FALSE;
  if (self->search != NULL)
    {
      const char *texts[] = { row->quote, row->speaker, row->document_title };

      return strstr (gloss_row_item_get_search_text (item, texts, G_N_ELEMENTS (texts)), self->search) != NULL;
    }
  return TRUE;
}

static void
gloss_claims_view_update_status (GlossClaimsView *self)
{
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  g_autofree char *subtitle = NULL;

  if (shown == total)
    subtitle = g_strdup_printf (ngettext ("%u claim", "%u claims", total), total);
  else
    /* Translators: "3 of 40 claims" */
    subtitle = g_strdup_printf (ngettext ("%u of %u claim", "%u of %u claims", total), shown, total);
  if (g_strcmp0 (subtitle, self->summary) != 0)
    {
      g_free (self->summary);
      self->summary = g_steal_pointer (&subtitle);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
    }
  gtk_stack_set_visible_child_name (self->stack, total == 0 ? "empty" : shown == 0 ? "no-match" : "table");
}

static void
gloss_claims_view_refilter (GlossClaimsView *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  gloss_claims_view_update_status (self);
}

static void
search_changed_cb (GlossClaimsView *self)
{
  g_free (self->search);
  self->search = gloss_row_fold (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  gloss_claims_view_refilter (self);
}

/* Fills a filter drop-down with "all" and the options of the claim labels' field
 * @name (in codebook order, each once), keeping the value chosen before. */
static void
gloss_claims_view_fill_dropdown (GlossClaimsView *self,
                                   GtkDropDown       *dropdown,
                                   GPtrArray        **values,
                                   const char        *name,
                                   const char        *all)
{
  g_autoptr(GPtrArray) labels = gloss_store_list_labels (self->store, NULL);
  g_autofree char *was = g_strdup (dropdown_value (dropdown, *values));
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GPtrArray *list = g_ptr_array_new_with_free_func (g_free);
  guint selected = 0;

  g_ptr_array_add (list, NULL);
  gtk_string_list_append (names, all);
  for (guint i = 0; labels != NULL && i < labels->len; i++)
    {
      const GlossLabel *label = labels->pdata[i];
      const GlossField *field;

      if (g_strcmp0 (label->kind, GLOSS_LABEL_KIND_CLAIM) != 0)
        continue;
      field = gloss_view_fields_lookup (self->fields, label->id, name);
      for (guint j = 0; field != NULL && j < field->options->len; j++)
        {
          const GlossFieldOption *option = field->options->pdata[j];
          g_autofree char *shown = NULL;
          guint k;

          for (k = 1; k < list->len; k++)
            if (g_strcmp0 (list->pdata[k], option->value) == 0)
              break;
          if (k < list->len)
            continue;
          if (g_strcmp0 (option->value, was) == 0)
            selected = list->len;
          g_ptr_array_add (list, g_strdup (option->value));
          shown = gloss_view_fields_describe (self->fields, label->id, name, option->value);
          gtk_string_list_append (names, shown);
        }
    }
  g_clear_pointer (values, g_ptr_array_unref);
  *values = list;
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (dropdown, selected);
}

static void
dropdown_changed_cb (GlossClaimsView *self)
{
  gloss_claims_view_refilter (self);
}

/* ------------------------------------------------------------------------- */
/* Loading                                                                   */

void
gloss_claims_view_reload (GlossClaimsView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  g_return_if_fail (GLOSS_IS_CLAIMS_VIEW (self));

  g_clear_handle_id (&self->reload_id, g_source_remove);
  self->stale = FALSE;
  if (self->store == NULL)
    return;
  rows = gloss_store_list_claims (self->store, &error);
  if (rows == NULL)
    {
      g_warning ("Could not list the claims: %s", error->message);
      return;
    }
  /* Field definitions may have changed with the codebook: read them again. */
  gloss_view_fields_clear (self->fields);
  g_signal_handlers_block_by_func (self->status_dropdown, dropdown_changed_cb, self);
  g_signal_handlers_block_by_func (self->likelihood_dropdown, dropdown_changed_cb, self);
  gloss_claims_view_fill_dropdown (self, self->status_dropdown, &self->status_values,
                                     GLOSS_CLAIM_FIELD_STATUS, _("Any Status"));
  gloss_claims_view_fill_dropdown (self, self->likelihood_dropdown, &self->likelihood_values,
                                     GLOSS_CLAIM_FIELD_LIKELIHOOD, _("Any Likelihood"));
  g_signal_handlers_unblock_by_func (self->status_dropdown, dropdown_changed_cb, self);
  g_signal_handlers_unblock_by_func (self->likelihood_dropdown, dropdown_changed_cb, self);
  gloss_row_model_set_rows (self->rows, rows);
  gloss_claims_view_refilter (self);
}

static gboolean
reload_idle_cb (gpointer data)
{
  GlossClaimsView *self = data;

  self->reload_id = 0;
  gloss_claims_view_reload (self);
  return G_SOURCE_REMOVE;
}

/* Hidden (a page of the side pane not shown, a window not yet presented), the rows
 * are not rebuilt: a screen reader would find rows that were never shown, and so
 * never named. They are read again when the table is shown. */
static void
store_changed_cb (GlossClaimsView *self,
                  GlossChangeKind    kind,
                  const char        *detail,
                  GlossStore        *store)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }
  if (self->reload_id == 0)
    self->reload_id = g_idle_add (reload_idle_cb, self);
}

static void
gloss_claims_view_map (GtkWidget *widget)
{
  GlossClaimsView *self = GLOSS_CLAIMS_VIEW (widget);

  GTK_WIDGET_CLASS (gloss_claims_view_parent_class)->map (widget);
  if (self->stale)
    gloss_claims_view_reload (self);
}

static void
row_activated_cb (GlossClaimsView *self,
                  guint              position)
{
  g_autoptr(GlossRowItem) item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  const GlossClaimRow *row;

  if (item == NULL)
    return;
  row = gloss_row_item_get_row (item);
  g_signal_emit (self, signals[OPEN_ANNOTATION], 0, row->document_id, row->annotation_id);
}

/* ------------------------------------------------------------------------- */

static void
gloss_claims_view_dispose (GObject *object)
{
  GlossClaimsView *self = GLOSS_CLAIMS_VIEW (object);

  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (self->store != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->store, self);
      g_clear_weak_pointer (&self->store);
    }
  /* The models outlive the template's widgets: they must not call back into them. */
  g_signal_handlers_disconnect_by_data (self->filtered, self);
  gtk_custom_filter_set_filter_func (self->filter, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), GLOSS_TYPE_CLAIMS_VIEW);
  G_OBJECT_CLASS (gloss_claims_view_parent_class)->dispose (object);
}

static void
gloss_claims_view_finalize (GObject *object)
{
  GlossClaimsView *self = GLOSS_CLAIMS_VIEW (object);

  g_clear_object (&self->selection);
  g_clear_object (&self->rows);
  g_clear_pointer (&self->fields, gloss_view_fields_free);
  g_clear_pointer (&self->status_values, g_ptr_array_unref);
  g_clear_pointer (&self->likelihood_values, g_ptr_array_unref);
  g_free (self->search);
  g_free (self->summary);
  G_OBJECT_CLASS (gloss_claims_view_parent_class)->finalize (object);
}

/* The selected claims (Ctrl/Shift+click for several) go to the Competing Hypotheses window. */
void
gloss_claims_view_add_selected_to_analysis (GlossClaimsView *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  GtkBitsetIter iter;
  guint position;

  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position); more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(GlossRowItem) item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

      if (item != NULL)
        g_ptr_array_add (ids, g_strdup (((const GlossClaimRow *) gloss_row_item_get_row (item))->annotation_id));
    }
  if (ids->len == 0)
    return;
  g_ptr_array_add (ids, NULL);
  g_signal_emit (self, signals[ADD_TO_ANALYSIS], 0, (const char * const *) ids->pdata);
}

static void
add_to_analysis_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  gloss_claims_view_add_selected_to_analysis (GLOSS_CLAIMS_VIEW (widget));
}

void
gloss_claims_view_focus_search (GlossClaimsView *self)
{
  g_return_if_fail (GLOSS_IS_CLAIMS_VIEW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
gloss_claims_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GlossClaimsView *self = GLOSS_CLAIMS_VIEW (object);

  switch (prop_id)
    {
    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  gloss_claims_view_focus_search (GLOSS_CLAIMS_VIEW (widget));
}

static void
gloss_claims_view_class_init (GlossClaimsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gloss_claims_view_dispose;
  object_class->finalize = gloss_claims_view_finalize;
  object_class->get_property = gloss_claims_view_get_property;

  /* What the table shows, "3 of 40 claims", for a title bar. */
  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GlossClaimsView::open-annotation:
   * @self: the Claims table
   * @document_id: the document of the activated row
   * @annotation_id: its annotation
   *
   * A row was activated: whoever shows the project (the main window) opens the
   * annotation in its article.
   */
  signals[OPEN_ANNOTATION] =
    g_signal_new ("open-annotation", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  /* GlossClaimsView::add-to-analysis: (const char * const *) the selected claims' annotation ids. */
  signals[ADD_TO_ANALYSIS] =
    g_signal_new ("add-to-analysis", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRV);

  widget_class->map = gloss_claims_view_map;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Gloss/gloss-claims-view.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "glossclaimsview");
  gtk_widget_class_bind_template_child (widget_class, GlossClaimsView, box);
  gtk_widget_class_bind_template_child (widget_class, GlossClaimsView, filter_bar);
  gtk_widget_class_bind_template_child (widget_class, GlossClaimsView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, GlossClaimsView, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GlossClaimsView, likelihood_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GlossClaimsView, stack);
  gtk_widget_class_bind_template_child (widget_class, GlossClaimsView, column_view);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "claims.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "claims.add-to-analysis", NULL, add_to_analysis_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "claims.find", NULL);
}

static void
gloss_claims_view_init (GlossClaimsView *self)
{
  GtkSorter *sorter;

  gloss_view_load_css ();
  gtk_widget_init_template (GTK_WIDGET (self));
  gloss_accessible_name_column_view (self->column_view, _("Claims"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->filter_bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Filters"), -1);

  /* The filter bar's cells are layout, not stops for the Tab key. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->filter_bar));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_focusable (child, FALSE);

  self->rows = gloss_row_model_new ();
  for (guint i = 0; i < GLOSS_CLAIMS_N_COLUMNS; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;

      self->info[i].self = self;
      self->info[i].column = i;
      g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), &self->info[i]);
      g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), &self->info[i]);
      column = gtk_column_view_column_new (_(column_defs[i].title), factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, column_defs[i].expand);
      gtk_column_view_column_set_fixed_width (column, gloss_view_column_width (GTK_WIDGET (self->column_view),
                                                                          _(column_defs[i].title),
                                                                          column_defs[i].width));
      sorter = GTK_SORTER (gtk_custom_sorter_new (compare_claims_cb, &self->info[i], NULL));
      gtk_column_view_column_set_sorter (column, sorter);
      g_object_unref (sorter);
      gtk_column_view_append_column (self->column_view, column);
      self->columns[i] = column;
      g_object_unref (column);
    }

  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->rows)),
                                          g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  self->filter = gtk_custom_filter_new (filter_claim_cb, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (self->sorted), g_object_ref (GTK_FILTER (self->filter)));
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (self->filtered));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  g_object_unref (self->filter);
  g_signal_connect_object (self->filtered, "items-changed", G_CALLBACK (gloss_claims_view_update_status),
                           self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->status_dropdown, "notify::selected", G_CALLBACK (dropdown_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->likelihood_dropdown, "notify::selected", G_CALLBACK (dropdown_changed_cb),
                           self, G_CONNECT_SWAPPED);
  gloss_keynav_tab_leaves (GTK_WIDGET (self->column_view));
}

GtkWidget *
gloss_claims_view_new (void)
{
  return g_object_new (GLOSS_TYPE_CLAIMS_VIEW, NULL);
}

void
gloss_claims_view_set_store (GlossClaimsView *self,
                             GlossStore      *store)
{
  g_return_if_fail (GLOSS_IS_CLAIMS_VIEW (self));
  g_return_if_fail (store == NULL || GLOSS_IS_STORE (store));

  if (store == self->store)
    return;
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  /* Weak: the view shows a project, it does not keep it open. */
  g_set_weak_pointer (&self->store, store);
  g_clear_pointer (&self->fields, gloss_view_fields_free);
  if (store != NULL)
    {
      self->fields = gloss_view_fields_new (store);
      g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
      gloss_claims_view_reload (self);
    }
  else
    gloss_row_model_set_rows (self->rows, NULL);
}

const char *
gloss_claims_view_get_summary (GlossClaimsView *self)
{
  g_return_val_if_fail (GLOSS_IS_CLAIMS_VIEW (self), NULL);
  return self->summary;
}

GListModel *
gloss_claims_view_get_model (GlossClaimsView *self)
{
  g_return_val_if_fail (GLOSS_IS_CLAIMS_VIEW (self), NULL);
  return G_LIST_MODEL (self->selection);
}

GtkColumnView *
gloss_claims_view_get_column_view (GlossClaimsView *self)
{
  g_return_val_if_fail (GLOSS_IS_CLAIMS_VIEW (self), NULL);
  return self->column_view;
}

GtkColumnViewColumn *
gloss_claims_view_get_column (GlossClaimsView *self,
                                GlossClaimsColumn  column)
{
  g_return_val_if_fail (GLOSS_IS_CLAIMS_VIEW (self), NULL);
  g_return_val_if_fail (column < GLOSS_CLAIMS_N_COLUMNS, NULL);
  return self->columns[column];
}

GtkSearchEntry *
gloss_claims_view_get_search_entry (GlossClaimsView *self)
{
  g_return_val_if_fail (GLOSS_IS_CLAIMS_VIEW (self), NULL);
  return self->search_entry;
}

GtkDropDown *
gloss_claims_view_get_status_filter (GlossClaimsView *self)
{
  g_return_val_if_fail (GLOSS_IS_CLAIMS_VIEW (self), NULL);
  return self->status_dropdown;
}

GtkDropDown *
gloss_claims_view_get_likelihood_filter (GlossClaimsView *self)
{
  g_return_val_if_fail (GLOSS_IS_CLAIMS_VIEW (self), NULL);
  return self->likelihood_dropdown;
}
