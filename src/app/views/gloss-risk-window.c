/* gloss-risk-window.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built like the Claims window: one query into a GlossRowModel, sorted by the
 * column view's sorter, then filtered (by the matrix cell and the search text). The
 * matrix counts every risk, whatever the filter: it is the map the filter is chosen
 * from.
 */
#define G_LOG_DOMAIN "gloss-risk-window"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "gloss-accessible.h"
#include "gloss-keynav.h"
#include "gloss-fields.h"
#include "gloss-risk-window.h"
#include "gloss-row-model.h"
#include "gloss-view-common.h"
#include "gloss-views.h"

typedef struct {
  GlossRiskWindow  *self;
  GlossRisksColumn  column;
} ColumnInfo;

struct _GlossRiskWindow
{
  AdwWindow            parent_instance;

  /* Template children */
  AdwWindowTitle      *window_title;
  GtkStack            *stack;
  GtkStack            *table_stack;
  GlossRiskMatrix     *matrix;
  GtkLabel            *filter_label;
  GtkSearchEntry      *search_entry;
  GtkColumnView       *column_view;

  GlossStore          *store;           /* watched */
  GlossViewFields     *fields;
  GlossRowModel       *rows;
  GtkFilterListModel  *filtered;
  GtkSingleSelection  *selection;
  GtkCustomFilter     *filter;
  GtkColumnViewColumn *columns[GLOSS_RISKS_N_COLUMNS];
  ColumnInfo           info[GLOSS_RISKS_N_COLUMNS];

  char                *search;
  guint                unplaced;        /* risks without likelihood or impact */
};

G_DEFINE_FINAL_TYPE (GlossRiskWindow, gloss_risk_window, ADW_TYPE_WINDOW)

enum {
  OPEN_ANNOTATION,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const struct {
  const char *title;
  const char *field;
  gboolean    expand;
  int         width;
} column_defs[GLOSS_RISKS_N_COLUMNS] = {
  [GLOSS_RISKS_COLUMN_QUOTE]      = { N_("Quote"), NULL, TRUE, 240 },
  [GLOSS_RISKS_COLUMN_CATEGORY]   = { N_("Category"), GLOSS_RISK_FIELD_CATEGORY, FALSE, 100 },
  [GLOSS_RISKS_COLUMN_LIKELIHOOD] = { N_("Likelihood"), GLOSS_FIELD_LIKELIHOOD, FALSE, 120 },
  [GLOSS_RISKS_COLUMN_IMPACT]     = { N_("Impact"), GLOSS_FIELD_IMPACT, FALSE, 130 },
  [GLOSS_RISKS_COLUMN_SCORE]      = { N_("Score"), NULL, FALSE, 70 },
  [GLOSS_RISKS_COLUMN_HORIZON]    = { N_("Horizon"), GLOSS_RISK_FIELD_HORIZON, FALSE, 120 },
  [GLOSS_RISKS_COLUMN_DOCUMENT]   = { N_("Document"), NULL, FALSE, 140 },
};

/* The stored text of a column (a scale value as its digit), NULL when not set. */
static char *
risk_value (const GlossRiskRow *row,
            GlossRisksColumn    column)
{
  switch (column)
    {
    case GLOSS_RISKS_COLUMN_QUOTE:      return g_strdup (row->quote);
    case GLOSS_RISKS_COLUMN_CATEGORY:   return g_strdup (row->category);
    case GLOSS_RISKS_COLUMN_LIKELIHOOD: return row->likelihood > 0 ? g_strdup_printf ("%d", row->likelihood) : NULL;
    case GLOSS_RISKS_COLUMN_IMPACT:     return row->impact > 0 ? g_strdup_printf ("%d", row->impact) : NULL;
    case GLOSS_RISKS_COLUMN_SCORE:      return row->score >= 0 ? g_strdup_printf ("%d", row->score) : NULL;
    case GLOSS_RISKS_COLUMN_HORIZON:    return g_strdup (row->horizon);
    case GLOSS_RISKS_COLUMN_DOCUMENT:   return g_strdup (row->document_title);
    case GLOSS_RISKS_N_COLUMNS:
    default:                            return NULL;
    }
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
  if (info->column == GLOSS_RISKS_COLUMN_SCORE)
    {
      gtk_widget_set_halign (label, GTK_ALIGN_START);
      gtk_widget_add_css_class (label, "gloss-score");
    }
  gtk_list_item_set_child (list_item, label);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              ColumnInfo               *info)
{
  GtkWidget *label = gtk_list_item_get_child (list_item);
  const GlossRiskRow *row = gloss_row_item_get_row (gtk_list_item_get_item (list_item));
  g_autofree char *value = risk_value (row, info->column);
  g_autofree char *shown = NULL;

  if (column_defs[info->column].field != NULL)
    shown = gloss_view_fields_describe (info->self->fields, row->label_id, column_defs[info->column].field, value);
  /* A risk in a PDF or scan says its page beside the document: "Report, p. 12". */
  else if (info->column == GLOSS_RISKS_COLUMN_DOCUMENT && row->pages != NULL)
    shown = g_strdup_printf ("%s, %s", value ? value : "", row->pages);
  gtk_label_set_text (GTK_LABEL (label), shown ? shown : value ? value : "");
  if (info->column == GLOSS_RISKS_COLUMN_SCORE)
    {
      int band = gloss_risk_score_band (row->score);

      for (int b = 0; b < 4; b++)
        {
          g_autofree char *name = g_strdup_printf ("band-%d", b);

          if (b == band)
            gtk_widget_add_css_class (label, name);
          else
            gtk_widget_remove_css_class (label, name);
        }
      gtk_widget_set_visible (label, band >= 0);
    }
  /* Cells are cut to one line: the tooltip has all of it. */
  if (info->column == GLOSS_RISKS_COLUMN_QUOTE)
    gloss_accessible_name_row (label, row->quote);
  gtk_widget_set_tooltip_text (label, info->column == GLOSS_RISKS_COLUMN_QUOTE ? row->quote :
                                      info->column == GLOSS_RISKS_COLUMN_SCORE ? NULL : shown ? shown : value);
}

/* A missing value counts as the lowest, so that the register sorted by score,
 * highest first (as it opens), ends with the risks not yet assessed. */
static int
compare_int (int a,
             int b)
{
  a = MAX (a, 0);
  b = MAX (b, 0);
  return a < b ? -1 : a > b ? 1 : 0;
}

static int
compare_risks_cb (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  ColumnInfo *info = user_data;
  GlossRowItem *ia = GLOSS_ROW_ITEM ((gpointer) a);
  GlossRowItem *ib = GLOSS_ROW_ITEM ((gpointer) b);
  const GlossRiskRow *ra = gloss_row_item_get_row (ia);
  const GlossRiskRow *rb = gloss_row_item_get_row (ib);
  const char *field = column_defs[info->column].field;
  int result = 0;

  switch (info->column)
    {
    case GLOSS_RISKS_COLUMN_LIKELIHOOD:
      result = compare_int (ra->likelihood, rb->likelihood);
      break;
    case GLOSS_RISKS_COLUMN_IMPACT:
      result = compare_int (ra->impact, rb->impact);
      break;
    case GLOSS_RISKS_COLUMN_SCORE:
      result = compare_int (ra->score, rb->score);
      break;
    case GLOSS_RISKS_COLUMN_QUOTE:
    case GLOSS_RISKS_COLUMN_CATEGORY:
    case GLOSS_RISKS_COLUMN_HORIZON:
    case GLOSS_RISKS_COLUMN_DOCUMENT:
    case GLOSS_RISKS_N_COLUMNS:
    default:
      {
        g_autofree char *va = risk_value (ra, info->column);
        g_autofree char *vb = risk_value (rb, info->column);

        /* A choice sorts in the codebook's order of its options; text by collation. */
        if (field != NULL)
          result = compare_int (gloss_view_fields_rank (info->self->fields, ra->label_id, field, va),
                                             gloss_view_fields_rank (info->self->fields, rb->label_id, field, vb));
        if (result == 0 && (va == NULL) != (vb == NULL))
          result = va == NULL ? 1 : -1;
        if (result == 0)
          result = strcmp (gloss_row_item_get_sort_key (ia, info->column, va),
                           gloss_row_item_get_sort_key (ib, info->column, vb));
      }
      break;
    }
  if (result == 0)
    result = strcmp (gloss_row_item_get_sort_key (ia, GLOSS_RISKS_COLUMN_DOCUMENT, ra->document_title),
                     gloss_row_item_get_sort_key (ib, GLOSS_RISKS_COLUMN_DOCUMENT, rb->document_title));
  if (result == 0)
    result = ra->start < rb->start ? -1 : ra->start > rb->start ? 1 : 0;
  return result < 0 ? GTK_ORDERING_SMALLER : result > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

/* ------------------------------------------------------------------------- */
/* Filter                                                                    */

static gboolean
filter_risk_cb (gpointer object,
                gpointer user_data)
{
  GlossRiskWindow *self = user_data;
  GlossRowItem *item = object;
  const GlossRiskRow *row = gloss_row_item_get_row (item);
  int l, i;

  if (gloss_risk_matrix_get_selected (self->matrix, &l, &i) && (row->likelihood != l || row->impact != i))
    return FALSE;
  if (self->search != NULL)
    {
      const char *texts[] = { row->quote, row->category, row->document_title, row->horizon, row->rationale };

      return strstr (gloss_row_item_get_search_text (item, texts, G_N_ELEMENTS (texts)), self->search) != NULL;
    }
  return TRUE;
}

static void
gloss_risk_window_update_status (GlossRiskWindow *self)
{
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  g_autofree char *subtitle = NULL;
  g_autofree char *text = NULL;
  int l, i;

  if (shown == total)
    subtitle = g_strdup_printf (ngettext ("%u risk", "%u risks", total), total);
  else
    /* Translators: "3 of 40 risks" */
    subtitle = g_strdup_printf (ngettext ("%u of %u risk", "%u of %u risks", total), shown, total);
  adw_window_title_set_subtitle (self->window_title, subtitle);

  if (gloss_risk_matrix_get_selected (self->matrix, &l, &i))
    {
      g_autofree char *cell = gloss_risk_matrix_describe_cell (self->matrix, l, i);

      /* Translators: %s is a cell of the risk matrix, "Likely × Major: 3 risks" */
      text = g_strdup_printf (_("Showing %s"), cell);
    }
  else if (self->unplaced > 0)
    text = g_strdup_printf (ngettext ("Select a cell to show only its risks. %u risk has no likelihood or impact yet.",
                                      "Select a cell to show only its risks. %u risks have no likelihood or impact yet.",
                                      self->unplaced), self->unplaced);
  else
    text = g_strdup (_("Select a cell to show only its risks."));
  gtk_label_set_text (self->filter_label, text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "risks.clear-filter",
                                 gloss_risk_matrix_get_selected (self->matrix, NULL, NULL));
  gtk_stack_set_visible_child_name (self->stack, total == 0 ? "empty" : "register");
  gtk_stack_set_visible_child_name (self->table_stack, shown == 0 ? "no-match" : "table");
}

static void
gloss_risk_window_refilter (GlossRiskWindow *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  gloss_risk_window_update_status (self);
}

static void
matrix_selection_changed_cb (GlossRiskWindow *self)
{
  gloss_risk_window_refilter (self);
}

static void
search_changed_cb (GlossRiskWindow *self)
{
  g_free (self->search);
  self->search = gloss_row_fold (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  gloss_risk_window_refilter (self);
}

/* ------------------------------------------------------------------------- */
/* Loading                                                                   */

void
gloss_risk_window_reload (GlossRiskWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  guint counts[GLOSS_RISK_LEVELS][GLOSS_RISK_LEVELS];

  g_return_if_fail (GLOSS_IS_RISK_WINDOW (self));

  gloss_view_cancel_reload (GTK_WINDOW (self));
  if (self->store == NULL)
    return;
  rows = gloss_store_list_risks (self->store, &error);
  if (rows == NULL)
    {
      g_warning ("Could not list the risks: %s", error->message);
      return;
    }
  gloss_view_fields_clear (self->fields);
  self->unplaced = gloss_risk_matrix_count (rows, counts);
  gloss_risk_matrix_set_counts (self->matrix, counts);
  gloss_row_model_set_rows (self->rows, rows);
  gloss_risk_window_refilter (self);
}

static void
row_activated_cb (GlossRiskWindow *self,
                  guint            position)
{
  g_autoptr(GlossRowItem) item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  const GlossRiskRow *row;

  if (item == NULL)
    return;
  row = gloss_row_item_get_row (item);
  g_signal_emit (self, signals[OPEN_ANNOTATION], 0, row->document_id, row->annotation_id);
}

static void
clear_filter_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  GlossRiskWindow *self = GLOSS_RISK_WINDOW (widget);

  gloss_risk_matrix_set_selected (self->matrix, 0, 0);
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (GLOSS_RISK_WINDOW (widget)->search_entry));
}

/* ------------------------------------------------------------------------- */

static void
gloss_risk_window_dispose (GObject *object)
{
  GlossRiskWindow *self = GLOSS_RISK_WINDOW (object);

  if (self->store != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->store, self);
      gloss_view_unwatch_store (GTK_WINDOW (self), self->store);
      self->store = NULL;
    }
  /* The models outlive the template's widgets: they must not call back into them. */
  g_signal_handlers_disconnect_by_data (self->filtered, self);
  gtk_custom_filter_set_filter_func (self->filter, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), GLOSS_TYPE_RISK_WINDOW);
  G_OBJECT_CLASS (gloss_risk_window_parent_class)->dispose (object);
}

static void
gloss_risk_window_finalize (GObject *object)
{
  GlossRiskWindow *self = GLOSS_RISK_WINDOW (object);

  g_clear_object (&self->selection);
  g_clear_object (&self->rows);
  g_clear_pointer (&self->fields, gloss_view_fields_free);
  g_free (self->search);
  G_OBJECT_CLASS (gloss_risk_window_parent_class)->finalize (object);
}

static void
gloss_risk_window_class_init (GlossRiskWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gloss_risk_window_dispose;
  object_class->finalize = gloss_risk_window_finalize;

  /**
   * GlossRiskWindow::open-annotation:
   * @self: the Risk register window
   * @document_id: the document of the activated row
   * @annotation_id: its annotation
   *
   * A row was activated: whoever shows the project (the main window) opens the
   * annotation in its article.
   */
  signals[OPEN_ANNOTATION] =
    g_signal_new ("open-annotation", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  g_type_ensure (GLOSS_TYPE_RISK_MATRIX);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Gloss/gloss-risk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GlossRiskWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, GlossRiskWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, GlossRiskWindow, table_stack);
  gtk_widget_class_bind_template_child (widget_class, GlossRiskWindow, matrix);
  gtk_widget_class_bind_template_child (widget_class, GlossRiskWindow, filter_label);
  gtk_widget_class_bind_template_child (widget_class, GlossRiskWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, GlossRiskWindow, column_view);
  gtk_widget_class_bind_template_callback (widget_class, matrix_selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "risks.clear-filter", NULL, clear_filter_action);
  gtk_widget_class_install_action (widget_class, "risks.find", NULL, find_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "risks.find", NULL);
}

static void
gloss_risk_window_init (GlossRiskWindow *self)
{
  GtkSortListModel *sorted;

  gloss_view_load_css ();
  gtk_widget_init_template (GTK_WIDGET (self));
  gloss_accessible_name_column_view (self->column_view, _("Risks"));

  self->rows = gloss_row_model_new ();
  for (guint i = 0; i < GLOSS_RISKS_N_COLUMNS; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;
      GtkSorter *sorter;

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
      sorter = GTK_SORTER (gtk_custom_sorter_new (compare_risks_cb, &self->info[i], NULL));
      gtk_column_view_column_set_sorter (column, sorter);
      g_object_unref (sorter);
      gtk_column_view_append_column (self->column_view, column);
      self->columns[i] = column;
      g_object_unref (column);
    }

  sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->rows)),
                                    g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  self->filter = gtk_custom_filter_new (filter_risk_cb, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (sorted), g_object_ref (GTK_FILTER (self->filter)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->filtered));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  g_object_unref (self->filter);
  g_signal_connect_object (self->filtered, "items-changed", G_CALLBACK (gloss_risk_window_update_status),
                           self, G_CONNECT_SWAPPED);
  /* Highest scores first: what a register is read for. */
  gtk_column_view_sort_by_column (self->column_view, self->columns[GLOSS_RISKS_COLUMN_SCORE], GTK_SORT_DESCENDING);
  gloss_keynav_escape_closes (GTK_WINDOW (self));
  gloss_keynav_tab_leaves (GTK_WIDGET (self->column_view));
}

GlossRiskWindow *
gloss_risk_window_new (GtkWindow  *transient_for,
                      GlossStore *store)
{
  GlossRiskWindow *self;

  g_return_val_if_fail (transient_for == NULL || GTK_IS_WINDOW (transient_for), NULL);
  g_return_val_if_fail (GLOSS_IS_STORE (store), NULL);

  self = g_object_new (GLOSS_TYPE_RISK_WINDOW, "transient-for", transient_for, NULL);
  self->store = store;
  self->fields = gloss_view_fields_new (store);
  gloss_view_watch_store (GTK_WINDOW (self), store, (GlossViewReloadFunc) gloss_risk_window_reload, NULL);
  gloss_risk_window_reload (self);
  return self;
}

GListModel *
gloss_risk_window_get_model (GlossRiskWindow *self)
{
  g_return_val_if_fail (GLOSS_IS_RISK_WINDOW (self), NULL);
  return G_LIST_MODEL (self->selection);
}

GlossRiskMatrix *
gloss_risk_window_get_matrix (GlossRiskWindow *self)
{
  g_return_val_if_fail (GLOSS_IS_RISK_WINDOW (self), NULL);
  return self->matrix;
}

GtkColumnView *
gloss_risk_window_get_column_view (GlossRiskWindow *self)
{
  g_return_val_if_fail (GLOSS_IS_RISK_WINDOW (self), NULL);
  return self->column_view;
}

GtkColumnViewColumn *
gloss_risk_window_get_column (GlossRiskWindow *self,
                              GlossRisksColumn column)
{
  g_return_val_if_fail (GLOSS_IS_RISK_WINDOW (self), NULL);
  g_return_val_if_fail (column < GLOSS_RISKS_N_COLUMNS, NULL);
  return self->columns[column];
}
