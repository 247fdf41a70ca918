/* gloss-agreement-window.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The figures come from gloss_agreement_compute(), which reads every annotation in
 * scope: on a big project that takes a while, so it runs in a GTask thread with its
 * own read-only GlossStore opened on the project's path (the workbench's connection
 * belongs to the main thread). Changing an option starts again; the result of an older
 * run is dropped (its cancellable was cancelled).
 *
 * The tables are GtkGrids built in code: their rows and columns depend on the labels
 * and annotators of the report. Each figure's label is named ("pair-0-overall-kappa")
 * so that tests can read what is shown.
 */
#define G_LOG_DOMAIN "gloss-agreement-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gloss-keynav.h"

#include "gloss-agreement-window.h"
#include "gloss-annotator-filter.h"
#include "gloss-document-view.h"

struct _GlossAgreementWindow
{
  AdwWindow             parent_instance;

  /* Template children */
  AdwWindowTitle       *window_title;
  GtkSpinner           *spinner;
  AdwExpanderRow       *annotators_row;
  AdwComboRow          *documents_row;
  AdwComboRow          *match_row;
  GtkLabel             *explanation_label;
  GtkStack             *result_stack;
  AdwStatusPage        *status_page;
  GtkBox               *results_box;

  GlossStore           *store;         /* weak: the workbench's project, as it last said */
  GlossDocumentView    *document_view; /* weak: the workbench's article */
  GlossAnnotatorFilter *filter;        /* weak: the workbench's annotators */
  GPtrArray            *checks;        /* GtkCheckButton*, one per annotator */
  GlossAgreementReport *report;
  GCancellable         *cancellable;   /* of the run in progress */
  GHashTable           *figures;       /* widget name -> GtkLabel* (borrowed) */
  gboolean              computing;
  gboolean              updating;
};

G_DEFINE_FINAL_TYPE (GlossAgreementWindow, gloss_agreement_window, ADW_TYPE_WINDOW)

/* ------------------------------------------------------------------------- */
/* The thread                                                                 */

typedef struct {
  char           *path;
  char          **annotators;
  char          **documents;
  GlossMatchMode  unit_match;
} ComputeData;

static void
compute_data_free (ComputeData *data)
{
  g_free (data->path);
  g_strfreev (data->annotators);
  g_strfreev (data->documents);
  g_free (data);
}

static void
compute_thread_cb (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  ComputeData *data = task_data;
  GlossAgreementOptions options = { data->annotators, data->documents, NULL, data->unit_match, 0 };
  g_autoptr(GlossStore) store = NULL;
  GlossAgreementReport *report;
  GError *error = NULL;

  /* A connection of our own: the workbench's belongs to the main thread. */
  store = gloss_store_open (data->path, GLOSS_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  report = gloss_agreement_compute (store, &options, &error);
  gloss_store_close (store);
  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, (GDestroyNotify) gloss_agreement_report_free);
}

/* ------------------------------------------------------------------------- */
/* Tables                                                                     */

static void
ensure_css (void)
{
  static gboolean done;
  g_autoptr(GtkCssProvider) provider = NULL;
  const char *css =
    ".gloss-agreement-table { padding: 6px 0; }\n"
    ".gloss-agreement-table label { padding: 3px 8px; }\n"
    ".gloss-agreement-table .gloss-table-head { font-weight: bold; font-size: 0.9em; }\n"
    ".gloss-agreement-table .gloss-table-total { font-weight: bold; }\n"
    ".gloss-agreement-table .gloss-table-group { border-bottom: 1px solid alpha(currentColor, 0.15); }\n"
    ".gloss-agreement-table .gloss-undefined { opacity: 0.55; }\n";

  if (done)
    return;
  done = TRUE;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (provider, css, -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

typedef struct {
  GtkGrid *grid;
  int      row;
} Table;

static GtkWidget *
cell (Table      *t,
      int         column,
      int         width,
      const char *text,
      float       xalign,
      const char *klass)
{
  GtkWidget *label = gtk_label_new (text);

  /* No ellipsizing: the table scrolls sideways on a narrow window instead. */
  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  if (klass != NULL)
    gtk_widget_add_css_class (label, klass);
  gtk_grid_attach (t->grid, label, column, t->row, width, 1);
  return label;
}

static GtkWidget *
head (Table      *t,
      int         column,
      int         width,
      const char *text,
      const char *tooltip)
{
  GtkWidget *label = cell (t, column, width, text, column == 0 ? 0.0 : (width > 1 ? 0.5 : 1.0), "gloss-table-head");

  if (tooltip != NULL)
    gtk_widget_set_tooltip_text (label, tooltip);
  return label;
}

/* One figure: the value with three decimals, or "—" with the reason as tooltip. */
static void
figure (GlossAgreementWindow *self,
        Table                *t,
        int                   column,
        GlossMeasure          measure,
        const char           *undefined_reason,
        const char           *name,
        gboolean              total)
{
  g_autofree char *text = NULL;
  GtkWidget *label;

  if (measure.status == GLOSS_MEASURE_DEFINED)
    text = g_strdup_printf ("%.3f", measure.value);
  else
    text = g_strdup ("—");
  label = cell (t, column, 1, text, 1.0, total ? "gloss-table-total" : NULL);
  gtk_widget_add_css_class (label, "numeric");
  if (measure.status != GLOSS_MEASURE_DEFINED)
    {
      const char *why = measure.status == GLOSS_MEASURE_NO_VARIATION
        ? _("Undefined: every unit has the same value, so agreement by chance is already perfect (0/0)")
        : (undefined_reason ? undefined_reason : gloss_measure_status_describe (measure.status));

      gtk_widget_add_css_class (label, "gloss-undefined");
      gtk_widget_set_tooltip_text (label, why);
      gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, why, -1);
    }
  gtk_widget_set_name (label, name);
  g_hash_table_insert (self->figures, g_strdup (name), label);
}

/* A 95% interval, dimmed next to its figure: "0.61–0.85", or "—" with the reason. */
static void
interval_figure (GlossAgreementWindow *self,
                 Table                *t,
                 int                   column,
                 GlossInterval         interval,
                 guint                 replicates,
                 const char           *name)
{
  g_autofree char *text = NULL;
  g_autofree char *tip = NULL;
  GtkWidget *label;

  if (interval.status == GLOSS_MEASURE_DEFINED)
    {
      /* Translators: a 95% confidence interval, lower to upper */
      text = g_strdup_printf (_("%.3f – %.3f"), interval.lower, interval.upper);
      tip = g_strdup_printf (ngettext ("95%% bootstrap interval from %u replicate",
                                       "95%% bootstrap interval from %u replicates", interval.replicates),
                             interval.replicates);
    }
  else
    {
      text = g_strdup ("—");
      tip = g_strdup (replicates == 0 ? _("No interval: the bootstrap is off")
                                      : _("No interval: the figure itself is undefined"));
    }
  label = cell (t, column, 1, text, 1.0, "caption");
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_tooltip_text (label, tip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tip, -1);
  gtk_widget_set_name (label, name);
  g_hash_table_insert (self->figures, g_strdup (name), label);
}

static void
count (Table   *t,
       int      column,
       guint64  value,
       gboolean total)
{
  g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT, value);
  GtkWidget *label = cell (t, column, 1, text, 1.0, total ? "gloss-table-total" : NULL);

  gtk_widget_add_css_class (label, "numeric");
}

/* A card holding @grid that scrolls sideways when the window is narrower. */
static GtkWidget *
table_frame (GtkWidget *grid)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), grid);
  gtk_widget_add_css_class (scrolled, "card");
  return scrolled;
}

static Table
table_new (void)
{
  Table t = { GTK_GRID (gtk_grid_new ()), 0 };

  gtk_widget_add_css_class (GTK_WIDGET (t.grid), "gloss-agreement-table");
  gtk_grid_set_column_spacing (t.grid, 4);
  return t;
}

static void
section_heading (GtkBox     *box,
                 const char *title,
                 const char *subtitle)
{
  GtkWidget *v = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *h = gtk_label_new (title);
  GtkWidget *s = gtk_label_new (subtitle);

  gtk_label_set_xalign (GTK_LABEL (h), 0.0);
  gtk_label_set_wrap (GTK_LABEL (h), TRUE);
  gtk_widget_add_css_class (h, "heading");
  gtk_label_set_xalign (GTK_LABEL (s), 0.0);
  gtk_label_set_wrap (GTK_LABEL (s), TRUE);
  gtk_widget_add_css_class (s, "caption");
  gtk_widget_add_css_class (s, "dim-label");
  gtk_box_append (GTK_BOX (v), h);
  gtk_box_append (GTK_BOX (v), s);
  gtk_widget_set_margin_bottom (v, 6);
  gtk_box_append (box, v);
}

static const char *
label_name (const GlossAgreementReport *report,
            guint                       l)
{
  return l < report->labels->len ? ((GlossLabel *) g_ptr_array_index (report->labels, l))->name : _("Overall");
}

static void
pair_row (GlossAgreementWindow       *self,
          Table                      *t,
          guint                       p,
          const GlossAgreementReport *report,
          const GlossAgreementPair   *pair,
          guint                       l)
{
  const GlossPairStats *s = l < report->labels->len ? &pair->labels[l] : &pair->overall;
  gboolean total = l == report->labels->len;
  const char *a = report->annotators[pair->a];
  const char *b = report->annotators[pair->b];
  g_autofree char *row = total ? g_strdup ("overall") : g_strdup_printf ("%u", l);
  g_autofree char *no_b = g_strdup_printf (_("Undefined: %s marked no span here"), b);
  g_autofree char *no_a = g_strdup_printf (_("Undefined: %s marked no span here"), a);
  const char *no_spans = _("Undefined: neither marked a span here");
  const char *no_units = _("Undefined: no unit that both annotators coded");
  const struct { const char *column; GlossMeasure m; const char *why; } columns[] = {
    { "p-exact", gloss_span_counts_precision (&s->exact), no_b },
    { "r-exact", gloss_span_counts_recall (&s->exact), no_a },
    { "f1-exact", gloss_span_counts_f1 (&s->exact), no_spans },
    { "p-overlap", gloss_span_counts_precision (&s->overlap), no_b },
    { "r-overlap", gloss_span_counts_recall (&s->overlap), no_a },
    { "f1-overlap", gloss_span_counts_f1 (&s->overlap), no_spans },
    { "kappa", s->kappa, no_units },
  };

  t->row++;
  cell (t, 0, 1, label_name (report, l), 0.0, total ? "gloss-table-total" : NULL);
  count (t, 1, s->exact.n_a, total);
  count (t, 2, s->exact.n_b, total);
  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    {
      g_autofree char *name = g_strdup_printf ("pair-%u-%s-%s", p, row, columns[c].column);

      figure (self, t, 3 + (int) c, columns[c].m, columns[c].why, name, total);
    }
  {
    g_autofree char *name = g_strdup_printf ("pair-%u-%s-kappa-ci", p, row);

    interval_figure (self, t, 3 + (int) G_N_ELEMENTS (columns), s->kappa_ci, report->bootstrap, name);
  }
}

static void
show_pair (GlossAgreementWindow       *self,
           guint                       p,
           const GlossAgreementReport *report)
{
  const GlossAgreementPair *pair = g_ptr_array_index (report->pairs, p);
  const char *a = report->annotators[pair->a];
  const char *b = report->annotators[pair->b];
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  Table t = table_new ();
  /* Translators: "Bob against Ann": B's spans measured against A's */
  g_autofree char *title = g_strdup_printf (_("%s against %s"), b, a);
  g_autofree char *docs = g_strdup_printf (ngettext ("%u document both annotated", "%u documents both annotated",
                                                     pair->n_documents), pair->n_documents);
  /* "%u" rather than G_GUINT64_FORMAT, which xgettext cannot see through. */
  g_autofree char *units = g_strdup_printf (ngettext ("%u unit for kappa", "%u units for kappa",
                                                      (gulong) pair->n_units), (guint) pair->n_units);
  g_autofree char *subtitle = g_strdup_printf ("%s · %s", docs, units);

  section_heading (GTK_BOX (box), title, subtitle);

  head (&t, 1, 2, _("Spans"), _("How many spans each annotator marked"));
  head (&t, 3, 3, _("Exact match"), _("Spans count as matched when they have the same start and end"));
  head (&t, 6, 3, _("Overlap match"), _("Spans count as matched when they share at least one character"));
  for (int c = 1; c <= 6; c += c == 1 ? 2 : 3)
    gtk_widget_add_css_class (gtk_grid_get_child_at (t.grid, c, 0), "gloss-table-group");
  t.row++;
  head (&t, 0, 1, _("Label"), NULL);
  head (&t, 1, 1, a, NULL);
  head (&t, 2, 1, b, NULL);
  for (int k = 0; k < 2; k++)
    {
      g_autofree char *p_tip = g_strdup_printf (_("Precision: the share of %s’s spans that %s also marked"), b, a);
      g_autofree char *r_tip = g_strdup_printf (_("Recall: the share of %s’s spans that %s also marked"), a, b);

      head (&t, 3 + 3 * k, 1, _("P"), p_tip);
      head (&t, 4 + 3 * k, 1, _("R"), r_tip);
      head (&t, 5 + 3 * k, 1, _("F1"), _("F1: precision and recall together; the same both ways"));
    }
  head (&t, 9, 1, _("κ"), _("Cohen’s kappa on the labels of matched spans, corrected for chance: 1 is perfect, "
                            "0 is what chance gives. Per label: that label against the rest."));
  /* xgettext:no-c-format */
  head (&t, 10, 1, _("95% CI"), _("Bootstrap confidence interval: the units drawn again with replacement"));

  for (guint l = 0; l <= report->labels->len; l++)
    pair_row (self, &t, p, report, pair, l);

  gtk_box_append (GTK_BOX (box), table_frame (GTK_WIDGET (t.grid)));
  gtk_box_append (self->results_box, box);
}

static void
show_group (GlossAgreementWindow       *self,
            const GlossAgreementReport *report)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  Table t = table_new ();
  g_autofree char *units = g_strdup_printf (ngettext ("%u unit coded by at least two of them",
                                                      "%u units coded by at least two of them",
                                                      (gulong) report->n_units), (guint) report->n_units);
  /* "%u" rather than G_GINT64_FORMAT, which xgettext cannot see through. */
  g_autofree char *unitized = g_strdup_printf (ngettext ("unitizing α on %u document every annotator coded",
                                                          "unitizing α on %u documents every annotator coded",
                                                          report->n_unitized), report->n_unitized);
  g_autofree char *characters = g_strdup_printf (ngettext ("%u character", "%u characters",
                                                           (gulong) report->unitized_length),
                                                 (guint) report->unitized_length);
  g_autofree char *subtitle = g_strdup_printf ("%s · %s (%s)", units, unitized, characters);
  const char *no_units = _("Undefined: no unit that two annotators coded");
  const char *no_f1 = _("Undefined: no pair has an F1 here");
  const char *no_unitized = _("Undefined: no span of this label in the documents every annotator coded");

  section_heading (GTK_BOX (box), _("All Annotators Together"), subtitle);
  head (&t, 0, 1, _("Label"), NULL);
  head (&t, 1, 1, _("α"), _("Krippendorff’s alpha (nominal) on the labels of clusters of overlapping spans, for "
                            "all annotators together, with missing values allowed: 1 is perfect, 0 is what chance "
                            "gives. The same for any order of annotators"));
  /* xgettext:no-c-format */
  head (&t, 2, 1, _("95% CI"), _("Bootstrap confidence interval: the units drawn again with replacement"));
  head (&t, 3, 1, _("Fleiss κ"), _("Fleiss’ kappa on the same units as alpha: 1 is perfect, 0 is what chance gives"));
  /* xgettext:no-c-format */
  head (&t, 4, 1, _("95% CI"), _("Bootstrap confidence interval: the units drawn again with replacement"));
  head (&t, 5, 1, _("Unitizing α"), _("Krippendorff’s unitizing alpha: agreement on where the spans of each label "
                                      "are, character by character, on the documents every annotator coded; no "
                                      "matching of spans. Overall: the joint coefficient over all labels"));
  /* xgettext:no-c-format */
  head (&t, 6, 1, _("95% CI"), _("Bootstrap confidence interval: the documents drawn again with replacement"));
  head (&t, 7, 1, _("Mean F1 exact"), _("The mean of the pairs’ F1 with exact matching"));
  head (&t, 8, 1, _("Mean F1 overlap"), _("The mean of the pairs’ F1 with overlap matching"));
  for (guint l = 0; l <= report->labels->len; l++)
    {
      const GlossGroupStats *g = l < report->labels->len ? &report->group[l] : &report->group_overall;
      gboolean total = l == report->labels->len;
      g_autofree char *row = total ? g_strdup ("overall") : g_strdup_printf ("%u", l);
      g_autofree char *alpha = g_strdup_printf ("group-%s-alpha", row);
      g_autofree char *fleiss = g_strdup_printf ("group-%s-fleiss", row);
      g_autofree char *unitizing = g_strdup_printf ("group-%s-unitizing", row);
      g_autofree char *alpha_ci = g_strdup_printf ("group-%s-alpha-ci", row);
      g_autofree char *fleiss_ci = g_strdup_printf ("group-%s-fleiss-ci", row);
      g_autofree char *unitizing_ci = g_strdup_printf ("group-%s-unitizing-ci", row);
      g_autofree char *f1e = g_strdup_printf ("group-%s-f1-exact", row);
      g_autofree char *f1o = g_strdup_printf ("group-%s-f1-overlap", row);

      t.row++;
      cell (&t, 0, 1, label_name (report, l), 0.0, total ? "gloss-table-total" : NULL);
      figure (self, &t, 1, g->alpha, no_units, alpha, total);
      interval_figure (self, &t, 2, g->alpha_ci, report->bootstrap, alpha_ci);
      figure (self, &t, 3, g->fleiss_kappa, no_units, fleiss, total);
      interval_figure (self, &t, 4, g->fleiss_kappa_ci, report->bootstrap, fleiss_ci);
      figure (self, &t, 5, g->unitizing_alpha, no_unitized, unitizing, total);
      interval_figure (self, &t, 6, g->unitizing_alpha_ci, report->bootstrap, unitizing_ci);
      figure (self, &t, 7, g->mean_f1_exact, no_f1, f1e, total);
      figure (self, &t, 8, g->mean_f1_overlap, no_f1, f1o, total);
    }
  gtk_box_append (GTK_BOX (box), table_frame (GTK_WIDGET (t.grid)));
  gtk_box_append (self->results_box, box);
}

static void
show_fields (GlossAgreementWindow       *self,
             const GlossAgreementReport *report)
{
  GtkWidget *box;
  Table t;
  const char *no_units = _("Undefined: no unit where two annotators gave a value");

  if (report->fields->len == 0)
    return;
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  t = table_new ();
  section_heading (GTK_BOX (box), _("Fields"),
                   _("Krippendorff’s alpha on the values annotators gave to the same unit. Ordinal counts how far "
                     "apart two values are (for scales and ordered choices such as likelihood)."));
  head (&t, 0, 1, _("Label"), NULL);
  head (&t, 1, 1, _("Field"), NULL);
  head (&t, 2, 1, _("Units"), _("Units where two annotators gave a value"));
  head (&t, 3, 1, _("α nominal"), _("Any two different values disagree equally"));
  head (&t, 4, 1, _("α ordinal"), _("Values further apart in the field’s order disagree more"));
  for (guint f = 0; f < report->fields->len; f++)
    {
      const GlossFieldAgreement *fa = g_ptr_array_index (report->fields, f);
      g_autofree char *nominal = g_strdup_printf ("field-%u-nominal", f);
      g_autofree char *ordinal = g_strdup_printf ("field-%u-ordinal", f);

      t.row++;
      cell (&t, 0, 1, fa->label_name, 0.0, NULL);
      cell (&t, 1, 1, fa->field_name, 0.0, NULL);
      count (&t, 2, fa->n_units, FALSE);
      figure (self, &t, 3, fa->alpha_nominal, no_units, nominal, FALSE);
      if (g_strcmp0 (fa->field_type, GLOSS_FIELD_TYPE_BOOLEAN) == 0)
        {
          GtkWidget *dash = cell (&t, 4, 1, "—", 1.0, "gloss-undefined");

          gtk_widget_set_tooltip_text (dash, _("A yes/no field has no order"));
        }
      else
        figure (self, &t, 4, fa->alpha_ordinal, no_units, ordinal, FALSE);
    }
  gtk_box_append (GTK_BOX (box), table_frame (GTK_WIDGET (t.grid)));
  gtk_box_append (self->results_box, box);
}

static void
clear_results (GlossAgreementWindow *self)
{
  GtkWidget *child;

  g_hash_table_remove_all (self->figures);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results_box))) != NULL)
    gtk_box_remove (self->results_box, child);
}

static void
show_message (GlossAgreementWindow *self,
              const char           *title,
              const char           *description)
{
  clear_results (self);
  adw_status_page_set_title (self->status_page, title);
  adw_status_page_set_description (self->status_page, description);
  gtk_stack_set_visible_child_name (self->result_stack, "message");
}

static void
show_report (GlossAgreementWindow *self)
{
  const GlossAgreementReport *report = self->report;
  g_autofree char *subtitle = NULL;

  clear_results (self);
  subtitle = g_strdup_printf (ngettext ("%u document", "%u documents", report->n_documents), report->n_documents);
  adw_window_title_set_subtitle (self->window_title, subtitle);

  if (report->n_annotators < 2)
    {
      show_message (self, _("Only One Annotator"),
                    _("Agreement needs the work of at least two annotators in the documents chosen."));
      return;
    }
  for (guint p = 0; p < report->pairs->len; p++)
    show_pair (self, p, report);
  show_group (self, report);
  show_fields (self, report);
  gtk_stack_set_visible_child_name (self->result_stack, "results");
}

/* ------------------------------------------------------------------------- */
/* Options and running                                                        */

static void
set_computing (GlossAgreementWindow *self,
               gboolean              computing)
{
  self->computing = computing;
  gtk_spinner_set_spinning (self->spinner, computing);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), computing);
}

static void
compute_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GlossAgreementWindow *self = GLOSS_AGREEMENT_WINDOW (source);
  GCancellable *cancellable = user_data;
  g_autoptr(GError) error = NULL;
  GlossAgreementReport *report = g_task_propagate_pointer (G_TASK (result), &error);

  /* A newer run replaced this one (or the window is closing). */
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_clear_pointer (&report, gloss_agreement_report_free);
      g_object_unref (cancellable);
      return;
    }
  g_object_unref (cancellable);
  set_computing (self, FALSE);
  if (report == NULL)
    {
      show_message (self, _("Could Not Compute Agreement"), error->message);
      return;
    }
  g_clear_pointer (&self->report, gloss_agreement_report_free);
  self->report = report;
  show_report (self);
}

static void
update_annotators_subtitle (GlossAgreementWindow *self)
{
  g_autoptr(GString) names = g_string_new (NULL);
  guint n = 0;

  for (guint i = 0; i < self->checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->checks, i)))
      {
        if (n++ > 0)
          g_string_append (names, ", ");
        g_string_append (names, g_object_get_data (g_ptr_array_index (self->checks, i), "gloss-annotator"));
      }
  if (n == self->checks->len && n > 0)
    {
      g_autofree char *all = g_strdup_printf (_("All: %s"), names->str);

      adw_expander_row_set_subtitle (self->annotators_row, all);
    }
  else
    adw_expander_row_set_subtitle (self->annotators_row, n > 0 ? names->str : _("None chosen"));
}

static void
check_toggled_cb (GlossAgreementWindow *self)
{
  update_annotators_subtitle (self);
  if (!self->updating)
    gloss_agreement_window_compute (self);
}

/* One row per annotator of the project, checked; the choices made stay. */
static void
update_annotator_rows (GlossAgreementWindow *self)
{
  GlossAnnotatorFilter *filter = self->filter;
  const char * const *names = filter ? gloss_annotator_filter_get_annotators (filter) : NULL;
  g_autoptr(GHashTable) unchecked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint count = names ? g_strv_length ((char **) names) : 0;
  gboolean same = count == self->checks->len;

  for (guint i = 0; same && i < count; i++)
    same = g_strcmp0 (g_object_get_data (g_ptr_array_index (self->checks, i), "gloss-annotator"), names[i]) == 0;
  if (same)
    return;

  for (guint i = 0; i < self->checks->len; i++)
    {
      GtkWidget *check = g_ptr_array_index (self->checks, i);

      if (!gtk_check_button_get_active (GTK_CHECK_BUTTON (check)))
        g_hash_table_add (unchecked, g_strdup (g_object_get_data (G_OBJECT (check), "gloss-annotator")));
      adw_expander_row_remove (self->annotators_row, gtk_widget_get_ancestor (check, ADW_TYPE_ACTION_ROW));
    }
  g_ptr_array_set_size (self->checks, 0);

  self->updating = TRUE;
  for (guint i = 0; i < count; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      GtkWidget *dot = gtk_label_new (NULL);
      g_autofree char *markup = g_strdup_printf ("<span foreground=\"%s\">●</span>",
                                                 gloss_annotator_filter_get_colour (filter, names[i]));

      gtk_label_set_markup (GTK_LABEL (dot), markup);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), !g_hash_table_contains (unchecked, names[i]));
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), names[i]);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), dot);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_object_set_data_full (G_OBJECT (check), "gloss-annotator", g_strdup (names[i]), g_free);
      g_signal_connect_object (check, "toggled", G_CALLBACK (check_toggled_cb), self, G_CONNECT_SWAPPED);
      adw_expander_row_add_row (self->annotators_row, row);
      g_ptr_array_add (self->checks, check);
    }
  self->updating = FALSE;
  update_annotators_subtitle (self);
}

static void
options_changed_cb (GlossAgreementWindow *self)
{
  if (!self->updating)
    gloss_agreement_window_compute (self);
}

void
gloss_agreement_window_compute (GlossAgreementWindow *self)
{
  GlossStore *store;
  GlossDocumentView *view;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GStrvBuilder) annotators = g_strv_builder_new ();
  ComputeData *data;
  guint n_checked = 0;
  gboolean current;

  g_return_if_fail (GLOSS_IS_AGREEMENT_WINDOW (self));

  /* An older run's figures no longer answer the question asked. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  set_computing (self, FALSE);
  g_clear_pointer (&self->report, gloss_agreement_report_free);

  update_annotator_rows (self);
  store = self->store;
  if (store == NULL)
    {
      show_message (self, _("No Project Open"), NULL);
      return;
    }
  for (guint i = 0; i < self->checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->checks, i)))
      {
        g_strv_builder_add (annotators, g_object_get_data (g_ptr_array_index (self->checks, i), "gloss-annotator"));
        n_checked++;
      }
  if (n_checked < 2)
    {
      show_message (self, _("Choose Two Annotators or More"),
                    self->checks->len < 2
                    ? _("Agreement compares the work of several annotators; this project has annotations by one "
                        "annotator only.")
                    : _("Tick at least two annotators above."));
      return;
    }

  data = g_new0 (ComputeData, 1);
  data->path = g_strdup (gloss_store_get_path (store));
  /* Every annotator ticked: let the core take those who annotated in scope. */
  data->annotators = n_checked == self->checks->len ? NULL : g_strv_builder_end (annotators);
  data->unit_match = adw_combo_row_get_selected (self->match_row) == 1 ? GLOSS_MATCH_EXACT : GLOSS_MATCH_OVERLAP;
  current = adw_combo_row_get_selected (self->documents_row) == 1;
  if (current)
    {
      const char *id;

      view = self->document_view;
      id = view ? gloss_document_view_get_document_id (view) : NULL;
      if (id == NULL)
        {
          compute_data_free (data);
          show_message (self, _("No Article Open"), _("Open an article in the workbench, or choose all documents."));
          return;
        }
      data->documents = g_new0 (char *, 2);
      data->documents[0] = g_strdup (id);
    }

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, compute_done_cb, g_object_ref (self->cancellable));
  g_task_set_source_tag (task, gloss_agreement_window_compute);
  g_task_set_task_data (task, data, (GDestroyNotify) compute_data_free);
  set_computing (self, TRUE);
  g_task_run_in_thread (task, compute_thread_cb);
}

static void
compute_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  gloss_agreement_window_compute (GLOSS_AGREEMENT_WINDOW (widget));
}

/* ------------------------------------------------------------------------- */
/* Public                                                                     */

GlossAgreementWindow *
gloss_agreement_window_new (GtkWindow            *transient_for,
                            GlossStore           *store,
                            GlossDocumentView    *document_view,
                            GlossAnnotatorFilter *filter)
{
  GlossAgreementWindow *self;

  g_return_val_if_fail (transient_for == NULL || GTK_IS_WINDOW (transient_for), NULL);
  g_return_val_if_fail (store == NULL || GLOSS_IS_STORE (store), NULL);
  g_return_val_if_fail (document_view == NULL || GLOSS_IS_DOCUMENT_VIEW (document_view), NULL);
  g_return_val_if_fail (filter == NULL || GLOSS_IS_ANNOTATOR_FILTER (filter), NULL);

  self = g_object_new (GLOSS_TYPE_AGREEMENT_WINDOW, "transient-for", transient_for, NULL);
  g_set_weak_pointer (&self->store, store);
  g_set_weak_pointer (&self->document_view, document_view);
  g_set_weak_pointer (&self->filter, filter);
  return self;
}

void
gloss_agreement_window_set_store (GlossAgreementWindow *self,
                                  GlossStore           *store)
{
  g_return_if_fail (GLOSS_IS_AGREEMENT_WINDOW (self));
  g_return_if_fail (store == NULL || GLOSS_IS_STORE (store));

  /* Read at the next computation. */
  g_set_weak_pointer (&self->store, store);
}

void
gloss_agreement_window_set_options (GlossAgreementWindow *self,
                                    const char * const   *annotators,
                                    gboolean              current_document,
                                    GlossMatchMode        unit_match)
{
  g_return_if_fail (GLOSS_IS_AGREEMENT_WINDOW (self));

  update_annotator_rows (self);
  self->updating = TRUE;
  for (guint i = 0; i < self->checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->checks, i);
      const char *name = g_object_get_data (G_OBJECT (check), "gloss-annotator");

      gtk_check_button_set_active (check, annotators == NULL || g_strv_contains (annotators, name));
    }
  adw_combo_row_set_selected (self->documents_row, current_document ? 1 : 0);
  adw_combo_row_set_selected (self->match_row, unit_match == GLOSS_MATCH_EXACT ? 1 : 0);
  self->updating = FALSE;
  update_annotators_subtitle (self);
  gloss_agreement_window_compute (self);
}

gboolean
gloss_agreement_window_is_computing (GlossAgreementWindow *self)
{
  g_return_val_if_fail (GLOSS_IS_AGREEMENT_WINDOW (self), FALSE);
  return self->computing;
}

const GlossAgreementReport *
gloss_agreement_window_get_report (GlossAgreementWindow *self)
{
  g_return_val_if_fail (GLOSS_IS_AGREEMENT_WINDOW (self), NULL);
  return self->report;
}

GtkLabel *
gloss_agreement_window_find_figure (GlossAgreementWindow *self,
                                    const char           *name)
{
  g_return_val_if_fail (GLOSS_IS_AGREEMENT_WINDOW (self), NULL);
  return g_hash_table_lookup (self->figures, name);
}

/* ------------------------------------------------------------------------- */

static void
gloss_agreement_window_dispose (GObject *object)
{
  GlossAgreementWindow *self = GLOSS_AGREEMENT_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_weak_pointer (&self->store);
  g_clear_weak_pointer (&self->document_view);
  g_clear_weak_pointer (&self->filter);

  G_OBJECT_CLASS (gloss_agreement_window_parent_class)->dispose (object);
}

static void
gloss_agreement_window_finalize (GObject *object)
{
  GlossAgreementWindow *self = GLOSS_AGREEMENT_WINDOW (object);

  g_clear_pointer (&self->report, gloss_agreement_report_free);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_clear_pointer (&self->figures, g_hash_table_unref);

  G_OBJECT_CLASS (gloss_agreement_window_parent_class)->finalize (object);
}

static void
gloss_agreement_window_class_init (GlossAgreementWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gloss_agreement_window_dispose;
  object_class->finalize = gloss_agreement_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Gloss/gloss-agreement-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GlossAgreementWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, GlossAgreementWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, GlossAgreementWindow, annotators_row);
  gtk_widget_class_bind_template_child (widget_class, GlossAgreementWindow, documents_row);
  gtk_widget_class_bind_template_child (widget_class, GlossAgreementWindow, match_row);
  gtk_widget_class_bind_template_child (widget_class, GlossAgreementWindow, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, GlossAgreementWindow, result_stack);
  gtk_widget_class_bind_template_child (widget_class, GlossAgreementWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, GlossAgreementWindow, results_box);
  gtk_widget_class_bind_template_callback (widget_class, options_changed_cb);

  gtk_widget_class_install_action (widget_class, "agreement.compute", NULL, compute_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "agreement.compute", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gloss_agreement_window_init (GlossAgreementWindow *self)
{
  self->checks = g_ptr_array_new ();
  self->figures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* The rows' signals fire while the template is built: nothing to compute yet. */
  self->updating = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->updating = FALSE;
  ensure_css ();
  set_computing (self, FALSE);

  gtk_label_set_markup (self->explanation_label,
                        /* xgettext:no-c-format */
                        _("<b>P</b> (precision): the share of B’s spans that A also marked; <b>R</b> (recall): the "
                          "share of A’s spans that B also marked; <b>F1</b> combines them. <b>κ</b> (Cohen’s kappa, "
                          "per pair), <b>α</b> (Krippendorff’s alpha) and <b>Fleiss κ</b> (all annotators) measure agreement on the "
                          "labels of the same spans beyond chance: 1 is perfect, 0 is chance; <b>unitizing α</b> "
                          "measures agreement on where the spans are, character by character. <b>95% CI</b>: the "
                          "range the figure stays in when the units are drawn again at random (1,000 times; the "
                          "same every time). <b>—</b> is a figure that cannot be computed: point at it for the "
                          "reason."));
  gloss_keynav_escape_closes (GTK_WINDOW (self));
}
