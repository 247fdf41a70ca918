/* gloss-ach-window.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The matrix is a GtkColumnView over one row item per evidence row; the first
 * column shows the evidence, then one column per hypothesis in the order of their
 * scores. The matrix and its scores are kept in memory: a rating is written through
 * gloss_session_ach_rate(), set in the matrix, the scores computed again (a few ms
 * at 20 x 1,000, see bench/bench-ach) and the cells told to show it through their
 * row item's "revision". Changes made elsewhere (undo, a merge, another window)
 * reload the analysis when the main loop is idle.
 */
#define G_LOG_DOMAIN "gloss-ach-window"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "gloss-accessible.h"
#include "gloss-keynav.h"
#include "gloss-ach-out.h"
#include "gloss-ach-scores.h"
#include "gloss-ach-window.h"
#include "gloss-session-ach.h"
#include "gloss-util.h"
#include "gloss-file.h"
#include "gloss-view-common.h"

/* ------------------------------------------------------------------------- */
/* Row items                                                                  */

#define GLOSS_TYPE_ACH_ROW (gloss_ach_row_get_type ())
G_DECLARE_FINAL_TYPE (GlossAchRow, gloss_ach_row, GLOSS, ACH_ROW, GObject)

struct _GlossAchRow
{
  GObject parent_instance;
  guint   index;
  guint   revision;
};

G_DEFINE_FINAL_TYPE (GlossAchRow, gloss_ach_row, G_TYPE_OBJECT)

static guint row_changed_signal;

static void
gloss_ach_row_class_init (GlossAchRowClass *klass)
{
  row_changed_signal = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                     NULL, G_TYPE_NONE, 0);
}

static void
gloss_ach_row_init (GlossAchRow *self)
{
}

/* ------------------------------------------------------------------------- */

typedef struct {
  GlossAchWindow *self;
  guint           hypothesis;   /* index in the matrix */
} ColumnInfo;

struct _GlossAchWindow
{
  AdwWindow            parent_instance;

  AdwToastOverlay     *toasts;
  AdwWindowTitle      *window_title;
  GtkFlowBox          *top_bar;
  GtkDropDown         *analysis_dropdown;
  GtkDropDown         *analyst_dropdown;
  GtkLabel            *summary_label;
  GtkStack            *stack;
  GtkColumnView       *column_view;
  GtkFlowBox          *detail_bar;
  GtkLabel            *detail_label;
  GtkDropDown         *credibility_dropdown;
  GtkDropDown         *relevance_dropdown;

  GlossStore          *store;
  GlossUndoStack      *undo;
  GlossSession        *session;
  GPtrArray           *analyses;     /* GlossAchAnalysis */
  GlossAchMatrix      *matrix;
  GlossAchScores      *scores;
  char                *analyst;      /* filter; NULL: all */
  GListStore          *rows;
  GtkSingleSelection  *selection;
  GPtrArray           *columns;      /* GtkColumnViewColumn per hypothesis, matrix order */
  ColumnInfo          *infos;
  GtkColumnViewColumn *evidence_column;
  guint                current;      /* column of the cursor, in shown order */
  gboolean             writing;      /* our own change: no reload */
  gboolean             filling;      /* dropdowns being filled */
};

G_DEFINE_FINAL_TYPE (GlossAchWindow, gloss_ach_window, ADW_TYPE_WINDOW)

enum {
  OPEN_ANNOTATION,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void gloss_ach_window_rebuild (GlossAchWindow *self);

static void
toast (GlossAchWindow *self,
       const char     *text)
{
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (text));
}

static const char *
current_analysis_id (GlossAchWindow *self)
{
  return self->matrix ? self->matrix->analysis->id : NULL;
}

static GlossAchEvidence *
selected_evidence (GlossAchWindow *self,
                   guint          *index)
{
  guint pos = gtk_single_selection_get_selected (self->selection);
  g_autoptr(GlossAchRow) row = NULL;

  if (self->matrix == NULL || pos == GTK_INVALID_LIST_POSITION)
    return NULL;
  row = g_list_model_get_item (G_LIST_MODEL (self->selection), pos);
  if (row == NULL || row->index >= self->matrix->evidence->len)
    return NULL;
  if (index)
    *index = row->index;
  return self->matrix->evidence->pdata[row->index];
}

/* ------------------------------------------------------------------------- */
/* Cells                                                                      */

static const char *
level_name (GlossAchLevel level)
{
  switch (level)
    {
    case GLOSS_ACH_LEVEL_HIGH: return _("High");
    case GLOSS_ACH_LEVEL_MEDIUM: return _("Medium");
    case GLOSS_ACH_LEVEL_LOW: return _("Low");
    case GLOSS_ACH_LEVEL_DEFAULT:
    default: return _("Default");
    }
}

static char *
evidence_source (const GlossAchEvidence *ev)
{
  GString *s = g_string_new (NULL);
  g_autofree char *grading = gloss_ach_evidence_grading (ev);

  if (ev->source_deleted)
    g_string_append (s, _("source deleted · "));
  if (ev->document_title)
    g_string_append (s, ev->document_title);
  else if (ev->kind == GLOSS_ACH_EVIDENCE_ASSUMPTION)
    g_string_append (s, _("Assumption"));
  else if (ev->kind == GLOSS_ACH_EVIDENCE_ABSENCE)
    g_string_append (s, _("Absence of evidence"));
  else
    g_string_append (s, _("Text"));
  if (ev->page)
    g_string_append_printf (s, _(", p. %s"), ev->page);
  if (grading)
    g_string_append_printf (s, " · %s", grading);
  g_string_append_printf (s, " · %s/%s", gloss_ach_level_to_string (ev->credibility),
                          gloss_ach_level_to_string (ev->relevance));
  return g_string_free (s, FALSE);
}

static void
evidence_refresh (GtkWidget   *box,
                  GlossAchRow *row)
{
  GlossAchWindow *self = g_object_get_data (G_OBJECT (box), "window");
  GtkWidget *excerpt = gtk_widget_get_first_child (box);
  GtkWidget *source = gtk_widget_get_next_sibling (excerpt);
  const GlossAchEvidence *ev;
  g_autofree char *text = NULL;
  g_autofree char *src = NULL;
  g_autofree char *name = NULL;
  gboolean diagnostic, linchpin;

  if (self->matrix == NULL || row->index >= self->matrix->evidence->len)
    return;
  ev = self->matrix->evidence->pdata[row->index];
  diagnostic = gloss_ach_scores_is_diagnostic (self->scores, row->index);
  linchpin = self->scores->linchpin[row->index];
  text = g_strdup_printf ("%s%s", linchpin ? "◆ " : "", gloss_ach_evidence_excerpt (ev));
  src = evidence_source (ev);
  gtk_label_set_text (GTK_LABEL (excerpt), text);
  gtk_label_set_text (GTK_LABEL (source), src);
  gtk_widget_set_tooltip_text (box, gloss_ach_evidence_excerpt (ev));
  if (diagnostic)
    gtk_widget_remove_css_class (box, "gloss-ach-nondiagnostic");
  else
    gtk_widget_add_css_class (box, "gloss-ach-nondiagnostic");
  name = g_strdup_printf ("%s%s%s, %s", linchpin ? _("Linchpin: ") : "", diagnostic ? "" : _("not diagnostic: "),
                          gloss_ach_evidence_excerpt (ev), src);
  gloss_accessible_name_row (box, name);
}

static void
evidence_setup_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   GlossAchWindow           *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *excerpt = gtk_label_new (NULL);
  GtkWidget *source = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (excerpt), 0);
  gtk_label_set_ellipsize (GTK_LABEL (excerpt), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (source), 0);
  gtk_label_set_ellipsize (GTK_LABEL (source), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (source, "caption");
  gtk_widget_add_css_class (source, "dim-label");
  gtk_box_append (GTK_BOX (box), excerpt);
  gtk_box_append (GTK_BOX (box), source);
  g_object_set_data (G_OBJECT (box), "window", self);
  gtk_list_item_set_child (item, box);
}

static void
evidence_bind_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  GlossAchWindow           *self)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GlossAchRow *row = gtk_list_item_get_item (item);

  evidence_refresh (box, row);
  g_signal_connect_object (row, "changed", G_CALLBACK (evidence_refresh), box, G_CONNECT_SWAPPED);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  data)
{
  GObject *row = gtk_list_item_get_item (item);

  if (row != NULL)
    g_signal_handlers_disconnect_by_data (row, gtk_list_item_get_child (item));
}

static guint
shown_position (GlossAchWindow *self,
                guint           hypothesis)
{
  for (guint k = 0; k < self->scores->n_hypotheses; k++)
    if (self->scores->order[k] == hypothesis)
      return k;
  return 0;
}

static void
cell_refresh (GtkWidget   *label,
              GlossAchRow *row)
{
  ColumnInfo *info = g_object_get_data (G_OBJECT (label), "info");
  GlossAchWindow *self = info->self;
  static const char * const classes[] = { "r-CC", "r-C", "r-N", "r-I", "r-II", "r-NA", "r-mixed", "gloss-ach-current",
                                          "gloss-ach-nondiagnostic" };
  g_autofree char *cell = NULL;
  g_autofree char *name = NULL;
  const char *cls = NULL;
  gboolean current;

  if (self->matrix == NULL || row->index >= self->matrix->evidence->len ||
      info->hypothesis >= self->matrix->hypotheses->len)
    return;
  cell = gloss_ach_cell_text (self->matrix, self->analyst, row->index, info->hypothesis);
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (label, classes[i]);
  if (strchr (cell, ':') != NULL)
    {
      /* Analysts differ: each one's rating, shortest form. */
      g_autoptr(GString) shown = g_string_new (NULL);

      for (guint a = 0; a < self->matrix->analysts->len; a++)
        {
          GlossAchRating r = gloss_ach_matrix_get (self->matrix, a, row->index, info->hypothesis);

          if (r != GLOSS_ACH_NONE)
            g_string_append_printf (shown, "%s%s", shown->len ? "≠" : "", gloss_ach_rating_to_string (r));
        }
      gtk_label_set_text (GTK_LABEL (label), shown->str);
      gtk_widget_set_tooltip_text (label, cell);
      cls = "r-mixed";
    }
  else
    {
      gtk_label_set_text (GTK_LABEL (label), *cell ? cell : "·");
      gtk_widget_set_tooltip_text (label, NULL);
      if (*cell)
        {
          g_autofree char *c = g_strdup_printf ("r-%s", cell);

          gtk_widget_add_css_class (label, c);
        }
    }
  if (cls)
    gtk_widget_add_css_class (label, cls);
  current = gtk_single_selection_get_selected_item (self->selection) == (gpointer) row &&
            shown_position (self, info->hypothesis) == self->current;
  if (current)
    gtk_widget_add_css_class (label, "gloss-ach-current");
  if (!gloss_ach_scores_is_diagnostic (self->scores, row->index))
    gtk_widget_add_css_class (label, "gloss-ach-nondiagnostic");
  name = g_strdup_printf ("%s: %s", ((GlossAchHypothesis *) self->matrix->hypotheses->pdata[info->hypothesis])->title,
                          *cell ? cell : _("not rated"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               ColumnInfo               *info)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_add_css_class (label, "gloss-ach-cell");
  gtk_widget_set_hexpand (label, TRUE);
  g_object_set_data (G_OBJECT (label), "info", info);
  gtk_list_item_set_child (item, label);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              ColumnInfo               *info)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  GlossAchRow *row = gtk_list_item_get_item (item);

  cell_refresh (label, row);
  g_signal_connect_object (row, "changed", G_CALLBACK (cell_refresh), label, G_CONNECT_SWAPPED);
}

static void
row_changed (GlossAchWindow *self,
             guint           index)
{
  g_autoptr(GlossAchRow) row = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->rows)); i++)
    {
      g_autoptr(GlossAchRow) r = g_list_model_get_item (G_LIST_MODEL (self->rows), i);

      if (r->index == index)
        {
          g_signal_emit (r, row_changed_signal, 0);
          return;
        }
    }
}

/* ------------------------------------------------------------------------- */
/* Scores and columns                                                        */

static void
update_headers (GlossAchWindow *self)
{
  GlossAchScores *s = self->scores;
  g_autoptr(GString) summary = g_string_new (NULL);
  guint n_linchpins = 0, n_nondiagnostic = 0;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  for (guint k = 0; k < s->n_hypotheses; k++)
    {
      guint h = s->order[k];
      GlossAchHypothesis *hy = self->matrix->hypotheses->pdata[h];
      g_autofree char *title = NULL;
      g_autofree char *disputed = s->disagreement[h] ? g_strdup_printf (_(" · %u disputed"), s->disagreement[h])
                                                      : g_strdup ("");

      title = g_strdup_printf ("%u. %s · %s (%.0f%%)%s", k + 1, hy->title,
                               g_ascii_formatd (buf, sizeof buf, "%.3g", s->weighted[h]), 100 * s->normalised[h],
                               disputed);
      gtk_column_view_column_set_title (self->columns->pdata[h], title);
      /* Columns in score order: least inconsistent first. */
      gtk_column_view_insert_column (self->column_view, k + 1, self->columns->pdata[h]);
    }
  for (guint e = 0; e < s->n_evidence; e++)
    {
      n_linchpins += s->linchpin[e];
      n_nondiagnostic += !gloss_ach_scores_is_diagnostic (s, e);
    }
  if (s->n_hypotheses > 0)
    g_string_append_printf (summary, _("Most likely: %s."),
                            ((GlossAchHypothesis *) self->matrix->hypotheses->pdata[s->order[0]])->title);
  if (s->top_tied)
    g_string_append (summary, _(" The first two are tied."));
  g_string_append_printf (summary, _(" %u linchpin(s) ◆, %u row(s) not diagnostic (dimmed). Keys: arrows move, "
                                     "1–6 or C, Shift+C, N, I, Shift+I, A rate, Delete clears, Enter opens."),
                          n_linchpins, n_nondiagnostic);
  gtk_label_set_text (self->summary_label, summary->str);
}

static void
recompute (GlossAchWindow *self,
           gboolean        refresh_all)
{
  g_autoptr(GlossAchScores) old = g_steal_pointer (&self->scores);

  self->scores = gloss_ach_scores_compute (self->matrix, self->analyst);
  update_headers (self);
  for (guint e = 0; e < self->scores->n_evidence; e++)
    if (refresh_all || old == NULL || old->linchpin[e] != self->scores->linchpin[e] ||
        old->diagnosticity[e] != self->scores->diagnosticity[e])
      row_changed (self, e);
}

static void
fill_analysts (GlossAchWindow *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = 0;

  self->filling = TRUE;
  gtk_string_list_append (names, _("All Analysts"));
  for (guint a = 0; self->matrix && a < self->matrix->analysts->len; a++)
    {
      gtk_string_list_append (names, self->matrix->analysts->pdata[a]);
      if (g_strcmp0 (self->analyst, self->matrix->analysts->pdata[a]) == 0)
        selected = a + 1;
    }
  if (selected == 0)
    g_clear_pointer (&self->analyst, g_free);
  gtk_drop_down_set_model (self->analyst_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->analyst_dropdown, selected);
  gtk_widget_set_visible (GTK_WIDGET (self->analyst_dropdown), self->matrix && self->matrix->analysts->len >= 2);
  self->filling = FALSE;
}

static void
update_detail (GlossAchWindow *self)
{
  GlossAchEvidence *ev = selected_evidence (self, NULL);
  g_autofree char *text = NULL;
  g_autofree char *src = NULL;

  self->filling = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->detail_bar), ev != NULL);
  if (ev == NULL)
    {
      gtk_label_set_text (self->detail_label, _("Select an evidence row to grade it."));
      self->filling = FALSE;
      return;
    }
  src = evidence_source (ev);
  text = g_strdup_printf ("%s — %s", gloss_ach_evidence_excerpt (ev), src);
  gtk_label_set_text (self->detail_label, text);
  for (guint i = 0; i < 2; i++)
    {
      GtkDropDown *dd = i == 0 ? self->credibility_dropdown : self->relevance_dropdown;
      GlossAchLevel set = i == 0 ? ev->credibility_set : ev->relevance_set;
      GlossAchLevel eff = i == 0 ? ev->credibility : ev->relevance;
      g_autofree char *def = g_strdup_printf (i == 0 ? _("Credibility: default (%s)") : _("Relevance: default (%s)"),
                                              level_name (eff));
      const char *items[] = { def, i == 0 ? _("Credibility: Low") : _("Relevance: Low"),
                              i == 0 ? _("Credibility: Medium") : _("Relevance: Medium"),
                              i == 0 ? _("Credibility: High") : _("Relevance: High"), NULL };
      g_autoptr(GtkStringList) list = gtk_string_list_new (items);

      gtk_drop_down_set_model (dd, G_LIST_MODEL (list));
      gtk_drop_down_set_selected (dd, set);
    }
  self->filling = FALSE;
}

/* ------------------------------------------------------------------------- */
/* Loading                                                                    */

static void
gloss_ach_window_rebuild (GlossAchWindow *self)
{
  guint n = self->matrix ? self->matrix->hypotheses->len : 0;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; self->columns && i < self->columns->len; i++)
    gtk_column_view_remove_column (self->column_view, self->columns->pdata[i]);
  g_clear_pointer (&self->columns, g_ptr_array_unref);
  g_clear_pointer (&self->infos, g_free);
  g_list_store_remove_all (self->rows);
  g_clear_pointer (&self->scores, gloss_ach_scores_free);
  if (self->matrix == NULL)
    return;

  self->scores = gloss_ach_scores_compute (self->matrix, self->analyst);
  self->columns = g_ptr_array_new_with_free_func (g_object_unref);
  self->infos = g_new0 (ColumnInfo, MAX (n, 1));
  for (guint h = 0; h < n; h++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;

      self->infos[h].self = self;
      self->infos[h].hypothesis = h;
      g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), &self->infos[h]);
      g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), &self->infos[h]);
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), NULL);
      column = gtk_column_view_column_new (((GlossAchHypothesis *) self->matrix->hypotheses->pdata[h])->title, factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_fixed_width (column, 210);
      gtk_column_view_append_column (self->column_view, column);
      g_ptr_array_add (self->columns, column);
    }
  if (self->current >= MAX (n, 1))
    self->current = n > 0 ? n - 1 : 0;
  for (guint e = 0; e < self->matrix->evidence->len; e++)
    {
      GlossAchRow *row = g_object_new (GLOSS_TYPE_ACH_ROW, NULL);

      row->index = e;
      g_ptr_array_add (items, row);
    }
  g_list_store_splice (self->rows, 0, 0, items->pdata, items->len);
  update_headers (self);
}

void
gloss_ach_window_reload (GlossAchWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autofree char *keep = g_strdup (current_analysis_id (self));
  guint selected = 0, selected_row = GTK_INVALID_LIST_POSITION;

  g_return_if_fail (GLOSS_IS_ACH_WINDOW (self));

  gloss_view_cancel_reload (GTK_WINDOW (self));
  if (self->store == NULL)
    return;
  if (self->selection)
    selected_row = gtk_single_selection_get_selected (self->selection);
  g_clear_pointer (&self->analyses, g_ptr_array_unref);
  self->analyses = gloss_store_list_ach_analyses (self->store, &error);
  if (self->analyses == NULL)
    {
      toast (self, error->message);
      self->analyses = g_ptr_array_new ();
    }
  for (guint i = 0; i < self->analyses->len; i++)
    {
      GlossAchAnalysis *a = self->analyses->pdata[i];

      gtk_string_list_append (names, a->question);
      if (g_strcmp0 (a->id, keep) == 0)
        selected = i;
    }
  self->filling = TRUE;
  gtk_drop_down_set_model (self->analysis_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->analysis_dropdown, selected);
  self->filling = FALSE;

  g_clear_pointer (&self->matrix, gloss_ach_matrix_free);
  if (self->analyses->len > 0)
    {
      self->matrix = gloss_store_load_ach (self->store, ((GlossAchAnalysis *) self->analyses->pdata[selected])->id,
                                           &error);
      if (self->matrix == NULL)
        toast (self, error->message);
    }
  fill_analysts (self);
  gloss_ach_window_rebuild (self);
  adw_window_title_set_subtitle (self->window_title, self->matrix ? self->matrix->analysis->question : NULL);
  gtk_stack_set_visible_child_name (self->stack, self->matrix == NULL ? "empty" :
                                    self->matrix->evidence->len == 0 || self->matrix->hypotheses->len == 0 ?
                                    "no-evidence" : "matrix");
  if (self->matrix == NULL)
    gtk_label_set_text (self->summary_label, "");
  if (selected_row != GTK_INVALID_LIST_POSITION && selected_row < g_list_model_get_n_items (G_LIST_MODEL (self->rows)))
    gtk_single_selection_set_selected (self->selection, selected_row);
  update_detail (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "ach.add-hypothesis", self->matrix != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "ach.add-text", self->matrix != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "ach.export-csv", self->matrix != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "ach.delete-analysis", self->matrix != NULL);
}

static gboolean
store_change_wanted (gpointer        view,
                     GlossChangeKind kind)
{
  GlossAchWindow *self = view;

  /* The window's own ratings are shown as they are written. */
  return !self->writing &&
         (kind == GLOSS_CHANGE_ANALYSES || kind == GLOSS_CHANGE_ALL || kind == GLOSS_CHANGE_ANNOTATIONS ||
          kind == GLOSS_CHANGE_DOCUMENTS || kind == GLOSS_CHANGE_LABELS);
}

void
gloss_ach_window_show_analysis (GlossAchWindow *self,
                                const char     *analysis_id)
{
  for (guint i = 0; self->analyses && i < self->analyses->len; i++)
    if (g_strcmp0 (((GlossAchAnalysis *) self->analyses->pdata[i])->id, analysis_id) == 0)
      {
        g_clear_pointer (&self->matrix, gloss_ach_matrix_free);
        self->matrix = gloss_store_load_ach (self->store, analysis_id, NULL);
        gloss_ach_window_reload (self);
        return;
      }
}

static void
analysis_selected_cb (GlossAchWindow *self)
{
  guint i = gtk_drop_down_get_selected (self->analysis_dropdown);

  if (self->filling || self->analyses == NULL || i >= self->analyses->len)
    return;
  gloss_ach_window_show_analysis (self, ((GlossAchAnalysis *) self->analyses->pdata[i])->id);
}

static void
analyst_selected_cb (GlossAchWindow *self)
{
  guint i = gtk_drop_down_get_selected (self->analyst_dropdown);

  if (self->filling || self->matrix == NULL)
    return;
  g_clear_pointer (&self->analyst, g_free);
  if (i > 0 && i <= self->matrix->analysts->len)
    self->analyst = g_strdup (self->matrix->analysts->pdata[i - 1]);
  recompute (self, TRUE);
}

/* ------------------------------------------------------------------------- */
/* Actions                                                                    */

/* Runs a session call as our own change (the store's signal does not reload). */
#define OWN_CHANGE(self, call) ({ gboolean _ok; (self)->writing = TRUE; _ok = (call); (self)->writing = FALSE; _ok; })

static gboolean
rate_current (GlossAchWindow *self,
              GlossAchRating  rating)
{
  g_autoptr(GError) error = NULL;
  guint e = 0, h;
  GlossAchEvidence *ev = selected_evidence (self, &e);
  const char *analyst;

  if (ev == NULL || self->scores == NULL || self->scores->n_hypotheses == 0)
    return FALSE;
  h = self->scores->order[MIN (self->current, self->scores->n_hypotheses - 1)];
  if (!OWN_CHANGE (self, gloss_session_ach_rate (self->session, ev->id,
                                                 ((GlossAchHypothesis *) self->matrix->hypotheses->pdata[h])->id,
                                                 rating, &error)))
    {
      toast (self, error->message);
      return TRUE;
    }
  analyst = gloss_session_get_annotator (self->session);
  if (gloss_ach_matrix_analyst_index (self->matrix, analyst) < 0)
    {
      gloss_ach_matrix_set (self->matrix, analyst, e, h, rating);
      fill_analysts (self);
    }
  else
    gloss_ach_matrix_set (self->matrix, analyst, e, h, rating);
  recompute (self, FALSE);
  /* The rated column may have moved: the cursor follows its hypothesis. */
  self->current = shown_position (self, h);
  row_changed (self, e);
  return TRUE;
}

static gboolean
key_pressed_cb (GlossAchWindow        *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  GlossAchRating rating = GLOSS_ACH_NONE;
  guint e = 0;

  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_Right:
      if (self->scores == NULL || self->scores->n_hypotheses == 0)
        return FALSE;
      if (keyval == GDK_KEY_Left && self->current > 0)
        self->current--;
      else if (keyval == GDK_KEY_Right && self->current + 1 < self->scores->n_hypotheses)
        self->current++;
      if (selected_evidence (self, &e))
        row_changed (self, e);
      return TRUE;
    case GDK_KEY_1: case GDK_KEY_KP_1: case GDK_KEY_C: rating = GLOSS_ACH_CC; break;
    case GDK_KEY_2: case GDK_KEY_KP_2: case GDK_KEY_c: rating = GLOSS_ACH_C; break;
    case GDK_KEY_3: case GDK_KEY_KP_3: case GDK_KEY_n: case GDK_KEY_N: rating = GLOSS_ACH_N; break;
    case GDK_KEY_4: case GDK_KEY_KP_4: case GDK_KEY_i: rating = GLOSS_ACH_I; break;
    case GDK_KEY_5: case GDK_KEY_KP_5: case GDK_KEY_I: rating = GLOSS_ACH_II; break;
    case GDK_KEY_6: case GDK_KEY_KP_6: case GDK_KEY_a: case GDK_KEY_A: rating = GLOSS_ACH_NA; break;
    case GDK_KEY_Delete: case GDK_KEY_BackSpace: case GDK_KEY_0: case GDK_KEY_KP_0: rating = GLOSS_ACH_NONE; break;
    default:
      return FALSE;
    }
  return rate_current (self, rating);
}

static void
selection_changed_cb (GlossAchWindow *self,
                      guint           position,
                      guint           n_items)
{
  /* The cursor's cell is drawn in the rows that changed. */
  for (guint i = position; i < position + n_items && i < g_list_model_get_n_items (G_LIST_MODEL (self->rows)); i++)
    {
      g_autoptr(GlossAchRow) row = g_list_model_get_item (G_LIST_MODEL (self->rows), i);

      g_signal_emit (row, row_changed_signal, 0);
    }
  update_detail (self);
}

static void
row_activated_cb (GlossAchWindow *self,
                  guint           position)
{
  g_autoptr(GlossAchRow) row = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  GlossAchEvidence *ev;

  if (row == NULL || self->matrix == NULL)
    return;
  ev = self->matrix->evidence->pdata[row->index];
  if (ev->annotation_id == NULL)
    return;
  if (ev->source_deleted)
    {
      toast (self, _("The annotation of this evidence was deleted (undo in the main window brings it back)."));
      return;
    }
  g_signal_emit (self, signals[OPEN_ANNOTATION], 0, ev->document_id, ev->annotation_id);
}

static void
grading_changed_cb (GlossAchWindow *self)
{
  g_autoptr(GError) error = NULL;
  GlossAchEvidence *ev = selected_evidence (self, NULL);
  guint c = gtk_drop_down_get_selected (self->credibility_dropdown);
  guint r = gtk_drop_down_get_selected (self->relevance_dropdown);

  if (self->filling || ev == NULL || c > GLOSS_ACH_LEVEL_HIGH || r > GLOSS_ACH_LEVEL_HIGH ||
      (c == ev->credibility_set && r == ev->relevance_set))
    return;
  if (!gloss_session_ach_set_grading (self->session, ev->id, c, r, &error))
    toast (self, error->message);
  /* The defaults shown come from the project: read the analysis again. */
}

/* A dialog asking for one line of text; @done gets it. */
typedef void (*TextDone) (GlossAchWindow *self, const char *text, guint choice);

typedef struct {
  GlossAchWindow *self;
  GtkEditable    *entry;
  GtkDropDown    *kind;
  TextDone        done;
} Ask;

static void
ask_response_cb (AdwMessageDialog *dialog,
                 const char       *response,
                 Ask              *ask)
{
  if (g_strcmp0 (response, "ok") == 0)
    ask->done (ask->self, gtk_editable_get_text (ask->entry), ask->kind ? gtk_drop_down_get_selected (ask->kind) : 0);
  g_free (ask);
}

static void
ask_text_full (GlossAchWindow     *self,
               const char         *heading,
               const char         *label,
               const char         *initial,
               const char * const *kinds,
               const char         *ok_label,
               TextDone            done)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, NULL));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *entry = gtk_entry_new ();
  Ask *ask = g_new0 (Ask, 1);

  ask->self = self;
  ask->entry = GTK_EDITABLE (entry);
  ask->done = done;
  gtk_editable_set_text (GTK_EDITABLE (entry), initial ? initial : "");
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), label);
  gtk_box_append (GTK_BOX (box), entry);
  if (kinds != NULL)
    {
      ask->kind = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (kinds));
      gloss_accessible_name (GTK_WIDGET (ask->kind), _("Kind of evidence"));
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (ask->kind));
    }
  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "ok", ok_label, NULL);
  adw_message_dialog_set_response_appearance (dialog, "ok", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "ok");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (ask_response_cb), ask);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
ask_text (GlossAchWindow     *self,
          const char         *heading,
          const char         *label,
          const char         *initial,
          const char * const *kinds,
          TextDone            done)
{
  ask_text_full (self, heading, label, initial, kinds, _("_Add"), done);
}

/* The hypothesis of the cursor's column, or NULL. */
static GlossAchHypothesis *
current_hypothesis (GlossAchWindow *self)
{
  if (self->matrix == NULL || self->scores == NULL || self->scores->n_hypotheses == 0)
    return NULL;
  return self->matrix->hypotheses->pdata[self->scores->order[MIN (self->current, self->scores->n_hypotheses - 1)]];
}

static void
rename_hypothesis_done (GlossAchWindow *self, const char *text, guint choice)
{
  g_autoptr(GError) error = NULL;
  GlossAchHypothesis *h = current_hypothesis (self);

  if (h == NULL)
    return;
  if (!gloss_session_ach_edit_hypothesis (self->session, h->id, text, h->description, &error))
    toast (self, error->message);
  gloss_ach_window_reload (self);
}

static void
rename_hypothesis_action (GtkWidget *widget, const char *name, GVariant *param)
{
  GlossAchWindow *self = GLOSS_ACH_WINDOW (widget);
  GlossAchHypothesis *h = current_hypothesis (self);

  if (h == NULL)
    return;
  ask_text_full (self, _("Rename Hypothesis"), _("A possible answer to the question"), h->title, NULL,
                 _("_Rename"), rename_hypothesis_done);
}

static void
delete_hypothesis_action (GtkWidget *widget, const char *name, GVariant *param)
{
  GlossAchWindow *self = GLOSS_ACH_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  GlossAchHypothesis *h = current_hypothesis (self);
  g_autofree char *text = NULL;

  if (h == NULL)
    return;
  /* Translators: a toast; %s is the hypothesis */
  text = g_strdup_printf (_("Hypothesis “%s” deleted (Ctrl+Z in the main window brings it back)"), h->title);
  if (!gloss_session_ach_delete_hypothesis (self->session, h->id, &error))
    {
      toast (self, error->message);
      return;
    }
  if (self->current > 0)
    self->current--;
  gloss_ach_window_reload (self);
  toast (self, text);
}

static void
new_analysis_done (GlossAchWindow *self, const char *text, guint choice)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = gloss_session_ach_add_analysis (self->session, text, NULL, &error);

  if (id == NULL)
    {
      toast (self, error->message);
      return;
    }
  gloss_ach_window_reload (self);
  gloss_ach_window_show_analysis (self, id);
}

static void
add_hypothesis_done (GlossAchWindow *self, const char *text, guint choice)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (current_analysis_id (self) == NULL)
    return;
  id = gloss_session_ach_add_hypothesis (self->session, current_analysis_id (self), text, NULL, &error);
  if (id == NULL)
    toast (self, error->message);
  gloss_ach_window_reload (self);
}

static void
add_text_done (GlossAchWindow *self, const char *text, guint choice)
{
  static const GlossAchEvidenceKind kinds[] = { GLOSS_ACH_EVIDENCE_TEXT, GLOSS_ACH_EVIDENCE_ASSUMPTION,
                                                GLOSS_ACH_EVIDENCE_ABSENCE };
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (current_analysis_id (self) == NULL)
    return;
  id = gloss_session_ach_add_text_evidence (self->session, current_analysis_id (self),
                                            kinds[MIN (choice, G_N_ELEMENTS (kinds) - 1)], text, &error);
  if (id == NULL)
    toast (self, error->message);
  gloss_ach_window_reload (self);
}

static void
new_analysis_action (GtkWidget *widget, const char *name, GVariant *param)
{
  ask_text (GLOSS_ACH_WINDOW (widget), _("New Analysis"), _("The question"), NULL, NULL, new_analysis_done);
}

static void
add_hypothesis_action (GtkWidget *widget, const char *name, GVariant *param)
{
  ask_text (GLOSS_ACH_WINDOW (widget), _("Add Hypothesis"), _("A possible answer to the question"), NULL, NULL,
            add_hypothesis_done);
}

static void
add_text_action (GtkWidget *widget, const char *name, GVariant *param)
{
  const char *kinds[] = { _("Text"), _("Assumption"), _("Absence of something expected"), NULL };

  ask_text (GLOSS_ACH_WINDOW (widget), _("Add Free-Text Evidence"), _("The evidence"), NULL, kinds, add_text_done);
}

static void
remove_evidence_action (GtkWidget *widget, const char *name, GVariant *param)
{
  GlossAchWindow *self = GLOSS_ACH_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  GlossAchEvidence *ev = selected_evidence (self, NULL);

  if (ev != NULL && !gloss_session_ach_remove_evidence (self->session, ev->id, &error))
    toast (self, error->message);
}

static void
delete_analysis_action (GtkWidget *widget, const char *name, GVariant *param)
{
  GlossAchWindow *self = GLOSS_ACH_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (current_analysis_id (self) != NULL &&
      !gloss_session_ach_delete_analysis (self->session, current_analysis_id (self), &error))
    toast (self, error->message);
  else
    toast (self, _("Analysis deleted (Ctrl+Z in the main window brings it back)"));
}

static void
export_response_cb (GtkNativeDialog *native,
                    int              response,
                    GlossAchWindow  *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->matrix != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = g_file_get_path (file);
      g_autofree char *csv = gloss_ach_to_csv (self->matrix, self->scores, self->analyst);
      g_autoptr(GError) error = NULL;

      /* Written beside the target and renamed over it: never half a file. */
      if (!gloss_file_write_all (path, csv, strlen (csv), &error))
        toast (self, error->message);
      else
        toast (self, _("Matrix exported"));
    }
  g_object_unref (native);
}

static void
export_csv_action (GtkWidget *widget, const char *name, GVariant *param)
{
  GlossAchWindow *self = GLOSS_ACH_WINDOW (widget);
  GtkFileChooserNative *native = gtk_file_chooser_native_new (_("Export Matrix as CSV"), GTK_WINDOW (self),
                                                              GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);

  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), "analysis.csv");
  g_signal_connect (native, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

gboolean
gloss_ach_window_add_annotations (GlossAchWindow     *self,
                                  const char * const *annotation_ids)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = NULL;
  g_autofree char *msg = NULL;
  guint skipped = 0;

  g_return_val_if_fail (GLOSS_IS_ACH_WINDOW (self), FALSE);

  if (current_analysis_id (self) == NULL)
    {
      toast (self, _("Create an analysis first (New Analysis), then add evidence to it."));
      return FALSE;
    }
  ids = gloss_session_ach_add_evidence (self->session, current_analysis_id (self), annotation_ids, &skipped, &error);
  if (ids == NULL)
    {
      toast (self, error->message);
      return FALSE;
    }
  msg = g_strdup_printf (ngettext ("Added %u evidence row", "Added %u evidence rows", g_strv_length (ids)),
                         g_strv_length (ids));
  toast (self, msg);
  gloss_ach_window_reload (self);
  return TRUE;
}

/* Drops of "gloss-annotation:ID" lines (Claims table rows) or bare UUIDs. */
static gboolean
drop_cb (GtkDropTarget  *target,
         const GValue   *value,
         double          x,
         double          y,
         GlossAchWindow *self)
{
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  if (!G_VALUE_HOLDS_STRING (value) || g_value_get_string (value) == NULL)
    return FALSE;
  lines = g_strsplit (g_value_get_string (value), "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      char *id = g_strstrip (lines[i]);

      if (g_str_has_prefix (id, "gloss-annotation:"))
        id += strlen ("gloss-annotation:");
      if (gloss_uuid_is_valid (id))
        g_ptr_array_add (ids, id);
    }
  if (ids->len == 0)
    return FALSE;
  g_ptr_array_add (ids, NULL);
  return gloss_ach_window_add_annotations (self, (const char * const *) ids->pdata);
}

/* ------------------------------------------------------------------------- */

static void
gloss_ach_window_dispose (GObject *object)
{
  GlossAchWindow *self = GLOSS_ACH_WINDOW (object);

  if (self->store != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->store, self);
      gloss_view_unwatch_store (GTK_WINDOW (self), self->store);
      self->store = NULL;
    }
  if (self->selection)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), GLOSS_TYPE_ACH_WINDOW);
  G_OBJECT_CLASS (gloss_ach_window_parent_class)->dispose (object);
}

static void
gloss_ach_window_finalize (GObject *object)
{
  GlossAchWindow *self = GLOSS_ACH_WINDOW (object);

  g_clear_object (&self->session);
  g_clear_object (&self->undo);
  g_clear_object (&self->selection);
  g_clear_object (&self->rows);
  g_clear_pointer (&self->analyses, g_ptr_array_unref);
  g_clear_pointer (&self->matrix, gloss_ach_matrix_free);
  g_clear_pointer (&self->scores, gloss_ach_scores_free);
  g_clear_pointer (&self->columns, g_ptr_array_unref);
  g_clear_pointer (&self->infos, g_free);
  g_free (self->analyst);
  G_OBJECT_CLASS (gloss_ach_window_parent_class)->finalize (object);
}

static void
gloss_ach_window_class_init (GlossAchWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gloss_ach_window_dispose;
  object_class->finalize = gloss_ach_window_finalize;

  signals[OPEN_ANNOTATION] =
    g_signal_new ("open-annotation", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Gloss/gloss-ach-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GlossAchWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, GlossAchWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, GlossAchWindow, top_bar);
  gtk_widget_class_bind_template_child (widget_class, GlossAchWindow, analysis_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GlossAchWindow, analyst_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GlossAchWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, GlossAchWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, GlossAchWindow, column_view);
  gtk_widget_class_bind_template_child (widget_class, GlossAchWindow, detail_bar);
  gtk_widget_class_bind_template_child (widget_class, GlossAchWindow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, GlossAchWindow, credibility_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GlossAchWindow, relevance_dropdown);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "ach.new-analysis", NULL, new_analysis_action);
  gtk_widget_class_install_action (widget_class, "ach.add-hypothesis", NULL, add_hypothesis_action);
  gtk_widget_class_install_action (widget_class, "ach.add-text", NULL, add_text_action);
  gtk_widget_class_install_action (widget_class, "ach.rename-hypothesis", NULL, rename_hypothesis_action);
  gtk_widget_class_install_action (widget_class, "ach.delete-hypothesis", NULL, delete_hypothesis_action);
  gtk_widget_class_install_action (widget_class, "ach.remove-evidence", NULL, remove_evidence_action);
  gtk_widget_class_install_action (widget_class, "ach.delete-analysis", NULL, delete_analysis_action);
  gtk_widget_class_install_action (widget_class, "ach.export-csv", NULL, export_csv_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "ach.add-hypothesis", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "ach.rename-hypothesis", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gloss_ach_window_init (GlossAchWindow *self)
{
  GtkListItemFactory *factory;
  GtkEventController *keys;
  GtkDropTarget *drop;

  gloss_view_load_css ();
  gtk_widget_init_template (GTK_WIDGET (self));
  gloss_accessible_name_column_view (self->column_view, _("Evidence and hypotheses"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->detail_bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Selected evidence"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->top_bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Analysis and analyst"), -1);
  for (GtkWidget *bar = GTK_WIDGET (self->detail_bar); bar; bar = bar == GTK_WIDGET (self->detail_bar) ? GTK_WIDGET (self->top_bar) : NULL)
    for (GtkWidget *child = gtk_widget_get_first_child (bar); child; child = gtk_widget_get_next_sibling (child))
      gtk_widget_set_focusable (child, FALSE);

  self->rows = g_list_store_new (GLOSS_TYPE_ACH_ROW);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->rows)));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "selection-changed", G_CALLBACK (selection_changed_cb), self,
                           G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (evidence_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (evidence_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), NULL);
  self->evidence_column = gtk_column_view_column_new (_("Evidence"), factory);
  gtk_column_view_column_set_resizable (self->evidence_column, TRUE);
  gtk_column_view_column_set_fixed_width (self->evidence_column, 340);
  gtk_column_view_append_column (self->column_view, self->evidence_column);
  g_object_unref (self->evidence_column);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), keys);

  drop = gtk_drop_target_new (G_TYPE_STRING, GDK_ACTION_COPY);
  g_signal_connect_object (drop, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->stack), GTK_EVENT_CONTROLLER (drop));

  g_signal_connect_object (self->analysis_dropdown, "notify::selected", G_CALLBACK (analysis_selected_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->analyst_dropdown, "notify::selected", G_CALLBACK (analyst_selected_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->credibility_dropdown, "notify::selected", G_CALLBACK (grading_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->relevance_dropdown, "notify::selected", G_CALLBACK (grading_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gloss_keynav_escape_closes (GTK_WINDOW (self));
}

GlossAchWindow *
gloss_ach_window_new (GtkWindow      *transient_for,
                      GlossStore     *store,
                      GlossUndoStack *undo)
{
  GlossAchWindow *self;

  g_return_val_if_fail (GLOSS_IS_STORE (store), NULL);

  self = g_object_new (GLOSS_TYPE_ACH_WINDOW, "transient-for", transient_for, NULL);
  self->store = store;
  self->undo = undo ? g_object_ref (undo) : gloss_undo_stack_new ();
  /* Ratings are the store user's (the analyst name the main window keeps there). */
  self->session = gloss_session_new (store, self->undo);
  gloss_view_watch_store (GTK_WINDOW (self), store, (GlossViewReloadFunc) gloss_ach_window_reload, store_change_wanted);
  gloss_ach_window_reload (self);
  return self;
}

GtkColumnView *
gloss_ach_window_get_column_view (GlossAchWindow *self)
{
  return self->column_view;
}

guint
gloss_ach_window_get_current_column (GlossAchWindow *self)
{
  return self->current;
}

const char *
gloss_ach_window_get_hypothesis_at (GlossAchWindow *self,
                                    guint           column)
{
  if (self->scores == NULL || column >= self->scores->n_hypotheses)
    return NULL;
  return ((GlossAchHypothesis *) self->matrix->hypotheses->pdata[self->scores->order[column]])->id;
}
