/* gloss-compare-window.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The comparison itself is gloss_agreement_compare() on the workbench's own store: it
 * reads one document's annotations of two annotators, which is quick, so it runs on
 * the main loop (in an idle, so that several reasons to compare again coalesce).
 *
 * The window follows the workbench: it compares again when the workbench shows another
 * article (its document view's "highlights-ready"), when annotations of the article
 * change ("changed" of the store) and when it comes back to the front. A comparison
 * equal to the one shown leaves the list alone, so the selection and scroll position
 * stay put while the user steps through it.
 */
#define G_LOG_DOMAIN "gloss-compare-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gloss-accessible.h"
#include "gloss-keynav.h"
#include "gloss-annotation-item.h"
#include "gloss-annotator-filter.h"
#include "gloss-compare-window.h"
#include "gloss-document-view.h"

/* ------------------------------------------------------------------------- */
/* GlossCompareUnit: one row. It keeps its own copies, so a row still bound to it
 * after the list was replaced never points into a freed comparison. (A small private
 * item type, declared here next to the only list that uses it.) */

struct _GlossCompareUnit
{
  GObject           parent_instance;
  GlossCompareItem  item;
};

G_DEFINE_FINAL_TYPE (GlossCompareUnit, gloss_compare_unit, G_TYPE_OBJECT)

static void
gloss_compare_unit_finalize (GObject *object)
{
  GlossCompareUnit *self = GLOSS_COMPARE_UNIT (object);

  g_clear_pointer (&self->item.a, gloss_annotation_free);
  g_clear_pointer (&self->item.b, gloss_annotation_free);
  G_OBJECT_CLASS (gloss_compare_unit_parent_class)->finalize (object);
}

static void
gloss_compare_unit_class_init (GlossCompareUnitClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gloss_compare_unit_finalize;
}

static void
gloss_compare_unit_init (GlossCompareUnit *self)
{
}

static GlossCompareUnit *
gloss_compare_unit_new (const GlossCompareItem *item)
{
  GlossCompareUnit *self = g_object_new (GLOSS_TYPE_COMPARE_UNIT, NULL);

  self->item = *item;
  self->item.a = item->a ? gloss_annotation_copy (item->a) : NULL;
  self->item.b = item->b ? gloss_annotation_copy (item->b) : NULL;
  return self;
}

const GlossCompareItem *
gloss_compare_unit_get_item (GlossCompareUnit *self)
{
  g_return_val_if_fail (GLOSS_IS_COMPARE_UNIT (self), NULL);
  return &self->item;
}

/* The annotation a unit stands for in the article: A's, or B's where A has none. */
static const GlossAnnotation *
unit_annotation (const GlossCompareItem *item)
{
  return item->a ? item->a : item->b;
}

/* ------------------------------------------------------------------------- */

struct _GlossCompareWindow
{
  AdwWindow           parent_instance;

  /* Template children */
  AdwWindowTitle     *window_title;
  GtkDropDown        *match_dropdown;
  GtkDropDown        *a_dropdown;
  GtkDropDown        *b_dropdown;
  GtkFlowBox         *counts_box;
  GtkStack           *stack;
  GtkListView        *list_view;
  AdwStatusPage      *status_page;

  GlossDocumentView  *document_view;   /* weak: the workbench's article, which we follow */
  GlossAnnotatorFilter *filter;        /* weak: the workbench's annotators button */
  GlossStore         *project;         /* weak: the workbench's project, as it last said */
  GlossStore         *store;           /* the workbench's, while we listen to it */
  GtkStringList      *names;           /* annotators, in the order they joined */
  GListStore         *units;           /* GlossCompareUnit */
  GtkSingleSelection *selection;
  char               *document_id;     /* of the comparison shown */
  char               *summary;
  guint               refresh_id;
  gboolean            updating;
};

G_DEFINE_FINAL_TYPE (GlossCompareWindow, gloss_compare_window, ADW_TYPE_WINDOW)

enum {
  SELECT_ANNOTATION,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void schedule_refresh (GlossCompareWindow *self);

static const char *
selected_name (GtkDropDown *dropdown)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (dropdown);

  return item ? gtk_string_object_get_string (item) : NULL;
}

static gboolean
select_name (GtkDropDown *dropdown,
             const char  *name)
{
  GListModel *model = gtk_drop_down_get_model (dropdown);
  guint n = model ? g_list_model_get_n_items (model) : 0;

  for (guint i = 0; name != NULL && i < n; i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), name) == 0)
        {
          gtk_drop_down_set_selected (dropdown, i);
          return TRUE;
        }
    }
  return FALSE;
}

static GlossMatchMode
match_mode (GlossCompareWindow *self)
{
  return gtk_drop_down_get_selected (self->match_dropdown) == 1 ? GLOSS_MATCH_EXACT : GLOSS_MATCH_OVERLAP;
}

static GlossAnnotatorFilter *
workbench_filter (GlossCompareWindow *self)
{
  return self->filter;
}

static const char *
annotator_colour (GlossCompareWindow *self,
                  const char         *name)
{
  GlossAnnotatorFilter *filter = workbench_filter (self);
  const char *colour = filter ? gloss_annotator_filter_get_colour (filter, name) : NULL;

  return colour ? colour : "#9a9996";
}

/* ------------------------------------------------------------------------- */
/* Rows                                                                       */

typedef struct {
  GtkWidget *status_icon;
  GtkWidget *status;
  GtkWidget *range;
  GtkWidget *quote;
  GtkWidget *quote_b;
  GtkWidget *chip_a;
  GtkWidget *chip_b;
} RowWidgets;

static GtkWidget *
chip_new (void)
{
  GtkWidget *chip = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *dot = gtk_label_new (NULL);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (name), 14);
  gtk_widget_add_css_class (name, "caption");
  /* Label names are short: the annotator's name gives way first on a narrow window. */
  gtk_label_set_max_width_chars (GTK_LABEL (label), 16);
  gtk_box_append (GTK_BOX (chip), dot);
  gtk_box_append (GTK_BOX (chip), name);
  gtk_box_append (GTK_BOX (chip), label);
  return chip;
}

static void
chip_fill (GlossCompareWindow    *self,
           GtkWidget             *chip,
           const char            *annotator,
           const GlossAnnotation *a)
{
  GtkWidget *dot = gtk_widget_get_first_child (chip);
  GtkWidget *name = gtk_widget_get_next_sibling (dot);
  GtkWidget *label = gtk_widget_get_next_sibling (name);
  g_autofree char *markup = NULL;
  g_autofree char *label_class = NULL;
  const char *classes[] = { "label-chip", NULL, NULL };

  gtk_widget_set_visible (chip, a != NULL);
  if (a == NULL)
    return;
  markup = g_strdup_printf ("<span foreground=\"%s\">●</span>", annotator_colour (self, annotator));
  gtk_label_set_markup (GTK_LABEL (dot), markup);
  gtk_label_set_text (GTK_LABEL (name), annotator);
  gtk_label_set_text (GTK_LABEL (label), a->label_name ? a->label_name : _("Unknown label"));
  /* The workbench's label colours (a CSS provider on the display) colour the chip. */
  label_class = gloss_label_css_class (a->label_id);
  classes[1] = label_class;
  gtk_widget_set_css_classes (label, classes);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              GlossCompareWindow       *self)
{
  RowWidgets *w = g_new0 (RowWidgets, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *chips = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  gtk_widget_add_css_class (box, "gloss-compare-row");
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  w->status_icon = gtk_image_new ();
  w->status = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (w->status), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (w->status), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (w->status, TRUE);
  w->range = gtk_label_new (NULL);
  gtk_widget_add_css_class (w->range, "caption");
  gtk_widget_add_css_class (w->range, "dim-label");
  gtk_widget_add_css_class (w->range, "numeric");
  gtk_box_append (GTK_BOX (top), w->status_icon);
  gtk_box_append (GTK_BOX (top), w->status);
  gtk_box_append (GTK_BOX (top), w->range);

  w->quote = gtk_label_new (NULL);
  w->quote_b = gtk_label_new (NULL);
  for (int i = 0; i < 2; i++)
    {
      GtkWidget *q = i == 0 ? w->quote : w->quote_b;

      gtk_label_set_xalign (GTK_LABEL (q), 0.0);
      gtk_label_set_wrap (GTK_LABEL (q), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (q), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_lines (GTK_LABEL (q), 2);
      gtk_label_set_ellipsize (GTK_LABEL (q), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (q), 20);
      gtk_label_set_max_width_chars (GTK_LABEL (q), 60);
    }
  gtk_widget_add_css_class (w->quote, "gloss-row-quote");
  gtk_widget_add_css_class (w->quote_b, "dim-label");

  w->chip_a = chip_new ();
  w->chip_b = chip_new ();
  gtk_box_append (GTK_BOX (chips), w->chip_a);
  gtk_box_append (GTK_BOX (chips), w->chip_b);

  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), w->quote);
  gtk_box_append (GTK_BOX (box), w->quote_b);
  gtk_box_append (GTK_BOX (box), chips);
  g_object_set_data_full (G_OBJECT (box), "gloss-row", w, g_free);
  gtk_list_item_set_child (list_item, box);
}

/* A quote on one line, in quotation marks. */
static char *
quote_text (const GlossAnnotation *a)
{
  g_autofree char *flat = g_strdup (a->quote ? a->quote : "");

  g_strdelimit (flat, "\n\r\t", ' ');
  return g_strdup_printf ("“%s”", flat);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             GlossCompareWindow       *self)
{
  GlossCompareUnit *unit = gtk_list_item_get_item (list_item);
  const GlossCompareItem *item = &unit->item;
  RowWidgets *w = g_object_get_data (G_OBJECT (gtk_list_item_get_child (list_item)), "gloss-row");
  const char *a_name = selected_name (self->a_dropdown);
  const char *b_name = selected_name (self->b_dropdown);
  const char *icon = NULL, *klass = NULL;
  g_autofree char *status = NULL;
  g_autofree char *range = NULL;
  g_autofree char *quote = NULL;
  g_autofree char *accessible = NULL;
  const char *classes[] = { "heading", NULL, NULL };
  gboolean both = item->a != NULL && item->b != NULL;

  switch (item->kind)
    {
    case GLOSS_COMPARE_AGREE:
      icon = "emblem-ok-symbolic";
      klass = "success";
      status = g_strdup (_("Agree"));
      break;
    case GLOSS_COMPARE_LABEL_DIFFERS:
      icon = "dialog-warning-symbolic";
      klass = "error";
      /* Translators: %s and %s are the two labels, e.g. "Claim or Risk" */
      status = g_strdup_printf (_("Labels differ: %s or %s"),
                                item->a->label_name ? item->a->label_name : "?",
                                item->b->label_name ? item->b->label_name : "?");
      break;
    case GLOSS_COMPARE_ONLY_A:
    case GLOSS_COMPARE_ONLY_B:
      icon = "list-remove-symbolic";
      klass = "warning";
      /* Translators: %s is an annotator's name */
      status = g_strdup_printf (_("Only %s"), item->kind == GLOSS_COMPARE_ONLY_A ? a_name : b_name);
      break;
    default:
      g_assert_not_reached ();
    }
  if (both && !item->same_span)
    {
      /* Translators: appended to "Agree" or "Labels differ…" when the two spans are not the same */
      g_autofree char *more = g_strdup_printf (_("%s · spans differ"), status);

      g_free (status);
      status = g_steal_pointer (&more);
    }

  gtk_image_set_from_icon_name (GTK_IMAGE (w->status_icon), icon);
  gtk_widget_set_css_classes (w->status_icon, (const char *[]) { klass, NULL });
  classes[1] = klass;
  gtk_label_set_text (GTK_LABEL (w->status), status);
  gtk_widget_set_css_classes (w->status, classes);

  range = g_strdup_printf ("%" G_GINT64_FORMAT "–%" G_GINT64_FORMAT, item->start, item->end);
  gtk_label_set_text (GTK_LABEL (w->range), range);
  gtk_widget_set_tooltip_text (w->range, _("Characters from the start of the article"));

  quote = quote_text (unit_annotation (item));
  gtk_label_set_text (GTK_LABEL (w->quote), quote);
  gtk_widget_set_visible (w->quote_b, both && !item->same_span);
  if (both && !item->same_span)
    {
      g_autofree char *qb = quote_text (item->b);
      /* Translators: B's quote where A's and B's spans differ; %s is B's name, %s the quote */
      g_autofree char *text = g_strdup_printf (_("%s: %s"), b_name, qb);

      gtk_label_set_text (GTK_LABEL (w->quote_b), text);
    }

  chip_fill (self, w->chip_a, a_name, item->a);
  chip_fill (self, w->chip_b, b_name, item->b);

  accessible = g_strdup_printf ("%s. %s", status, quote);
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_list_item_get_child (list_item)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  gloss_accessible_name_row (gtk_list_item_get_child (list_item), accessible);
}

/* ------------------------------------------------------------------------- */
/* Showing a unit in the article                                             */

static void
show_unit (GlossCompareWindow *self,
           guint               position)
{
  g_autoptr(GlossCompareUnit) unit = NULL;
  const GlossAnnotation *a;
  GlossAnnotatorFilter *filter = workbench_filter (self);
  const char *annotator;

  if (self->document_view == NULL || self->document_id == NULL ||
      position >= g_list_model_get_n_items (G_LIST_MODEL (self->units)))
    return;
  unit = g_list_model_get_item (G_LIST_MODEL (self->units), position);
  a = unit_annotation (&unit->item);
  annotator = unit->item.a ? selected_name (self->a_dropdown) : selected_name (self->b_dropdown);

  /* The workbench may hide that annotator's work: show it, or nothing would be selected. */
  if (filter != NULL && annotator != NULL && !gloss_annotator_filter_is_shown (filter, annotator))
    gloss_annotator_filter_set_shown (filter, annotator, TRUE);
  g_signal_emit (self, signals[SELECT_ANNOTATION], 0, self->document_id, a->id);
}

static void
selection_changed_cb (GlossCompareWindow *self)
{
  if (self->updating)
    return;
  show_unit (self, gtk_single_selection_get_selected (self->selection));
}

static void
list_activate_cb (GlossCompareWindow *self,
                  guint               position)
{
  show_unit (self, position);
}

static void
select_position (GlossCompareWindow *self,
                 guint               position)
{
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
}

static void
step_disagreement (GlossCompareWindow *self,
                   gboolean            forward)
{
  GListModel *model = G_LIST_MODEL (self->units);
  guint n = g_list_model_get_n_items (model);
  guint current = gtk_single_selection_get_selected (self->selection);

  if (n == 0)
    return;
  for (guint step = 1; step <= n; step++)
    {
      guint i;
      g_autoptr(GlossCompareUnit) unit = NULL;

      /* From the selected unit (or from before the first / after the last), wrapping. */
      if (current == GTK_INVALID_LIST_POSITION)
        i = forward ? step - 1 : n - step;
      else
        i = forward ? (current + step) % n : (current + n - step % n) % n;
      unit = g_list_model_get_item (model, i);
      if (unit->item.kind != GLOSS_COMPARE_AGREE)
        {
          if (i == current)
            show_unit (self, i);
          else
            select_position (self, i);
          return;
        }
    }
  gtk_widget_error_bell (GTK_WIDGET (self));
}

static void
next_disagreement_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  step_disagreement (GLOSS_COMPARE_WINDOW (widget), TRUE);
}

static void
previous_disagreement_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  step_disagreement (GLOSS_COMPARE_WINDOW (widget), FALSE);
}

static void
swap_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  GlossCompareWindow *self = GLOSS_COMPARE_WINDOW (widget);
  g_autofree char *a = g_strdup (selected_name (self->a_dropdown));
  g_autofree char *b = g_strdup (selected_name (self->b_dropdown));

  gloss_compare_window_set_annotators (self, b, a);
}

/* ------------------------------------------------------------------------- */
/* Comparing                                                                  */

static void
count_add (GtkFlowBox *box,
           const char *klass,
           const char *text)
{
  GtkWidget *label = gtk_label_new (text);
  const char *classes[] = { "gloss-compare-count", klass, NULL };

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_set_css_classes (label, classes);
  gtk_flow_box_append (box, label);
}

static void
set_counts (GlossCompareWindow    *self,
            const GlossComparison *c)
{
  GtkWidget *child;
  g_autofree char *agree = NULL, *differs = NULL, *only_a = NULL, *only_b = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->counts_box))) != NULL)
    gtk_flow_box_remove (self->counts_box, child);
  g_clear_pointer (&self->summary, g_free);
  gtk_widget_set_visible (GTK_WIDGET (self->counts_box), c != NULL);
  if (c == NULL)
    return;

  agree = g_strdup_printf (ngettext ("%u agrees", "%u agree", c->n_agree), c->n_agree);
  differs = g_strdup_printf (ngettext ("%u label differs", "%u labels differ", c->n_label_differs), c->n_label_differs);
  /* Translators: a count and an annotator's name: "3 only Ann" */
  only_a = g_strdup_printf (_("%u only %s"), c->n_only_a, c->annotator_a);
  only_b = g_strdup_printf (_("%u only %s"), c->n_only_b, c->annotator_b);
  count_add (self->counts_box, "success", agree);
  count_add (self->counts_box, "error", differs);
  count_add (self->counts_box, "warning", only_a);
  count_add (self->counts_box, "warning", only_b);
  self->summary = g_strjoin (" · ", agree, differs, only_a, only_b, NULL);
}

static void
show_status (GlossCompareWindow *self,
             const char         *title,
             const char         *description)
{
  adw_status_page_set_title (self->status_page, title);
  adw_status_page_set_description (self->status_page, description);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

static gboolean
same_annotation (const GlossAnnotation *x,
                 const GlossAnnotation *y)
{
  if (x == NULL || y == NULL)
    return x == y;
  return g_strcmp0 (x->id, y->id) == 0 && x->start == y->start && x->end == y->end &&
         g_strcmp0 (x->label_id, y->label_id) == 0 && g_strcmp0 (x->label_name, y->label_name) == 0;
}

static gboolean
same_as_shown (GlossCompareWindow    *self,
               const GlossComparison *c)
{
  GListModel *model = G_LIST_MODEL (self->units);

  if (g_list_model_get_n_items (model) != c->items->len)
    return FALSE;
  for (guint i = 0; i < c->items->len; i++)
    {
      g_autoptr(GlossCompareUnit) unit = g_list_model_get_item (model, i);
      const GlossCompareItem *item = g_ptr_array_index (c->items, i);

      if (unit->item.kind != item->kind || !same_annotation (unit->item.a, item->a) ||
          !same_annotation (unit->item.b, item->b))
        return FALSE;
    }
  return TRUE;
}

/* Keeps the annotators' drop-downs in step with the project, keeping the picks. */
static void
update_names (GlossCompareWindow *self)
{
  GlossAnnotatorFilter *filter = workbench_filter (self);
  const char * const *names = filter ? gloss_annotator_filter_get_annotators (filter) : NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->names));
  guint count = names ? g_strv_length ((char **) names) : 0;
  g_autofree char *a = NULL, *b = NULL;
  gboolean same = n == count;

  for (guint i = 0; same && i < n; i++)
    same = g_strcmp0 (gtk_string_list_get_string (self->names, i), names[i]) == 0;
  if (same)
    return;

  a = g_strdup (selected_name (self->a_dropdown));
  b = g_strdup (selected_name (self->b_dropdown));
  self->updating = TRUE;
  gtk_string_list_splice (self->names, 0, n, names);
  if (!select_name (self->a_dropdown, a))
    gtk_drop_down_set_selected (self->a_dropdown, 0);
  if (!select_name (self->b_dropdown, b))
    gtk_drop_down_set_selected (self->b_dropdown, count > 1 ? 1 : 0);
  self->updating = FALSE;
  g_list_store_remove_all (self->units);
}

/* The first two annotators (in joined order) who annotated @document_id. */
static void
pick_default_annotators (GlossCompareWindow *self,
                         const char         *document_id)
{
  g_autoptr(GPtrArray) annotations = gloss_store_list_annotations (self->store, document_id, NULL);
  g_autoptr(GHashTable) present = g_hash_table_new (g_str_hash, g_str_equal);
  const char *found[2] = { NULL, NULL };
  guint n_found = 0;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->names));

  for (guint i = 0; annotations != NULL && i < annotations->len; i++)
    {
      const GlossAnnotation *a = g_ptr_array_index (annotations, i);

      if (a->annotator != NULL)
        g_hash_table_add (present, a->annotator);
    }
  for (guint i = 0; i < n && n_found < 2; i++)
    {
      const char *name = gtk_string_list_get_string (self->names, i);

      if (g_hash_table_contains (present, name))
        found[n_found++] = name;
    }
  if (n_found == 2)
    {
      g_autofree char *a = g_strdup (found[0]);
      g_autofree char *b = g_strdup (found[1]);

      self->updating = TRUE;
      select_name (self->a_dropdown, a);
      select_name (self->b_dropdown, b);
      self->updating = FALSE;
      g_list_store_remove_all (self->units);
    }
}

static void
store_changed_cb (GlossCompareWindow *self,
                  GlossChangeKind     kind,
                  const char         *detail,
                  GlossStore         *store)
{
  if (kind == GLOSS_CHANGE_ALL || kind == GLOSS_CHANGE_LABELS ||
      (kind == GLOSS_CHANGE_ANNOTATIONS && g_strcmp0 (detail, self->document_id) == 0))
    schedule_refresh (self);
}

static void
follow_store (GlossCompareWindow *self,
              GlossStore         *store)
{
  if (store == self->store)
    return;
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
compare_now (GlossCompareWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossComparison) comparison = NULL;
  g_autoptr(GPtrArray) units = NULL;
  GlossDocumentView *view;
  const char *document_id;
  const char *a, *b;
  g_autofree char *keep = NULL;
  gboolean new_document;
  guint selected;

  g_clear_handle_id (&self->refresh_id, g_source_remove);

  follow_store (self, self->project);
  view = self->document_view;
  document_id = view ? gloss_document_view_get_document_id (view) : NULL;
  update_names (self);

  new_document = g_strcmp0 (document_id, self->document_id) != 0;
  g_free (self->document_id);
  self->document_id = g_strdup (document_id);

  if (self->store == NULL || document_id == NULL)
    {
      adw_window_title_set_subtitle (self->window_title, NULL);
      set_counts (self, NULL);
      g_list_store_remove_all (self->units);
      show_status (self, _("No Article Open"), _("Open an article in the workbench to compare its annotations."));
      return;
    }
  {
    g_autoptr(GlossDocument) document = gloss_store_get_document (self->store, document_id, NULL);

    adw_window_title_set_subtitle (self->window_title, document ? document->title : NULL);
  }
  if (new_document)
    pick_default_annotators (self, document_id);

  a = selected_name (self->a_dropdown);
  b = selected_name (self->b_dropdown);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->names)) < 2)
    {
      set_counts (self, NULL);
      g_list_store_remove_all (self->units);
      show_status (self, _("Only One Annotator"),
                   _("Comparing needs the work of two annotators. Import a colleague’s annotations of this "
                     "project to compare them with yours."));
      return;
    }
  if (g_strcmp0 (a, b) == 0)
    {
      set_counts (self, NULL);
      g_list_store_remove_all (self->units);
      show_status (self, _("Pick Two Annotators"), _("Choose two different annotators above."));
      return;
    }

  comparison = gloss_agreement_compare (self->store, document_id, a, b, match_mode (self), &error);
  if (comparison == NULL)
    {
      set_counts (self, NULL);
      g_list_store_remove_all (self->units);
      show_status (self, _("Could Not Compare"), error->message);
      return;
    }
  set_counts (self, comparison);
  if (comparison->items->len == 0)
    {
      g_list_store_remove_all (self->units);
      show_status (self, _("Nothing to Compare"),
                   _("Neither annotator marked anything in this article."));
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "list");
  if (same_as_shown (self, comparison))
    return;

  /* Keep the selected unit selected when it is still there. */
  selected = gtk_single_selection_get_selected (self->selection);
  if (selected != GTK_INVALID_LIST_POSITION)
    {
      g_autoptr(GlossCompareUnit) unit = g_list_model_get_item (G_LIST_MODEL (self->units), selected);

      if (unit != NULL)
        keep = g_strdup (unit_annotation (&unit->item)->id);
    }

  units = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < comparison->items->len; i++)
    g_ptr_array_add (units, gloss_compare_unit_new (g_ptr_array_index (comparison->items, i)));

  self->updating = TRUE;
  g_list_store_splice (self->units, 0, g_list_model_get_n_items (G_LIST_MODEL (self->units)),
                       units->pdata, units->len);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  for (guint i = 0; keep != NULL && i < units->len; i++)
    {
      GlossCompareUnit *unit = g_ptr_array_index (units, i);

      if (g_strcmp0 (unit_annotation (&unit->item)->id, keep) == 0)
        {
          gtk_single_selection_set_selected (self->selection, i);
          break;
        }
    }
  self->updating = FALSE;
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  GlossCompareWindow *self = user_data;

  self->refresh_id = 0;
  compare_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_refresh (GlossCompareWindow *self)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_idle_cb, self);
}

static void
options_changed_cb (GlossCompareWindow *self)
{
  if (self->updating)
    return;
  /* The rows name A and B: a new pair needs fresh rows even when the units match. */
  g_list_store_remove_all (self->units);
  schedule_refresh (self);
}

static void
is_active_changed_cb (GlossCompareWindow *self)
{
  if (gtk_window_is_active (GTK_WINDOW (self)))
    schedule_refresh (self);
}

/* ------------------------------------------------------------------------- */
/* Public                                                                     */

GlossCompareWindow *
gloss_compare_window_new (GtkWindow            *transient_for,
                          GlossStore           *store,
                          GlossDocumentView    *document_view,
                          GlossAnnotatorFilter *filter)
{
  GlossCompareWindow *self;

  g_return_val_if_fail (transient_for == NULL || GTK_IS_WINDOW (transient_for), NULL);
  g_return_val_if_fail (store == NULL || GLOSS_IS_STORE (store), NULL);
  g_return_val_if_fail (GLOSS_IS_DOCUMENT_VIEW (document_view), NULL);
  g_return_val_if_fail (filter == NULL || GLOSS_IS_ANNOTATOR_FILTER (filter), NULL);

  self = g_object_new (GLOSS_TYPE_COMPARE_WINDOW, "transient-for", transient_for, NULL);
  g_set_weak_pointer (&self->project, store);
  g_set_weak_pointer (&self->document_view, document_view);
  g_set_weak_pointer (&self->filter, filter);
  g_signal_connect_object (document_view, "highlights-ready",
                           G_CALLBACK (schedule_refresh), self, G_CONNECT_SWAPPED);
  compare_now (self);
  return self;
}

void
gloss_compare_window_set_store (GlossCompareWindow *self,
                                GlossStore         *store)
{
  g_return_if_fail (GLOSS_IS_COMPARE_WINDOW (self));
  g_return_if_fail (store == NULL || GLOSS_IS_STORE (store));

  /* Followed at the next comparison, as a new article is. */
  g_set_weak_pointer (&self->project, store);
}

gboolean
gloss_compare_window_set_annotators (GlossCompareWindow *self,
                                     const char         *annotator_a,
                                     const char         *annotator_b)
{
  gboolean found;

  g_return_val_if_fail (GLOSS_IS_COMPARE_WINDOW (self), FALSE);

  update_names (self);
  self->updating = TRUE;
  found = select_name (self->a_dropdown, annotator_a);
  found = select_name (self->b_dropdown, annotator_b) && found;
  self->updating = FALSE;
  g_list_store_remove_all (self->units);
  compare_now (self);
  return found;
}

void
gloss_compare_window_set_match_mode (GlossCompareWindow *self,
                                     GlossMatchMode      mode)
{
  g_return_if_fail (GLOSS_IS_COMPARE_WINDOW (self));

  self->updating = TRUE;
  gtk_drop_down_set_selected (self->match_dropdown, mode == GLOSS_MATCH_EXACT ? 1 : 0);
  self->updating = FALSE;
  g_list_store_remove_all (self->units);
  compare_now (self);
}

void
gloss_compare_window_refresh (GlossCompareWindow *self)
{
  g_return_if_fail (GLOSS_IS_COMPARE_WINDOW (self));
  compare_now (self);
}

GListModel *
gloss_compare_window_get_units (GlossCompareWindow *self)
{
  g_return_val_if_fail (GLOSS_IS_COMPARE_WINDOW (self), NULL);
  return G_LIST_MODEL (self->units);
}

guint
gloss_compare_window_get_selected (GlossCompareWindow *self)
{
  g_return_val_if_fail (GLOSS_IS_COMPARE_WINDOW (self), GTK_INVALID_LIST_POSITION);
  return gtk_single_selection_get_selected (self->selection);
}

const char *
gloss_compare_window_get_summary (GlossCompareWindow *self)
{
  g_return_val_if_fail (GLOSS_IS_COMPARE_WINDOW (self), NULL);
  return self->summary;
}

/* ------------------------------------------------------------------------- */

static void
gloss_compare_window_dispose (GObject *object)
{
  GlossCompareWindow *self = GLOSS_COMPARE_WINDOW (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_weak_pointer (&self->project);
  g_clear_weak_pointer (&self->document_view);
  g_clear_weak_pointer (&self->filter);
  follow_store (self, NULL);

  G_OBJECT_CLASS (gloss_compare_window_parent_class)->dispose (object);
}

static void
gloss_compare_window_finalize (GObject *object)
{
  GlossCompareWindow *self = GLOSS_COMPARE_WINDOW (object);

  g_clear_object (&self->names);
  g_clear_object (&self->units);
  g_clear_object (&self->selection);
  g_free (self->document_id);
  g_free (self->summary);

  G_OBJECT_CLASS (gloss_compare_window_parent_class)->finalize (object);
}

static void
gloss_compare_window_class_init (GlossCompareWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gloss_compare_window_dispose;
  object_class->finalize = gloss_compare_window_finalize;

  /**
   * GlossCompareWindow::select-annotation:
   * @self: the Compare window
   * @document_id: the article compared
   * @annotation_id: the annotation of the unit selected
   *
   * A unit was selected: the workbench selects its annotation in the article (and
   * stays behind this window, so that F8 goes on stepping).
   */
  signals[SELECT_ANNOTATION] =
    g_signal_new ("select-annotation", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Gloss/gloss-compare-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GlossCompareWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, GlossCompareWindow, match_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GlossCompareWindow, a_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GlossCompareWindow, b_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GlossCompareWindow, counts_box);
  gtk_widget_class_bind_template_child (widget_class, GlossCompareWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, GlossCompareWindow, list_view);
  gtk_widget_class_bind_template_child (widget_class, GlossCompareWindow, status_page);
  gtk_widget_class_bind_template_callback (widget_class, options_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);

  gtk_widget_class_install_action (widget_class, "compare.next-disagreement", NULL, next_disagreement_action);
  gtk_widget_class_install_action (widget_class, "compare.previous-disagreement", NULL,
                                   previous_disagreement_action);
  gtk_widget_class_install_action (widget_class, "compare.swap", NULL, swap_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F8, 0, "compare.next-disagreement", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F8, GDK_SHIFT_MASK,
                                       "compare.previous-disagreement", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gloss_compare_window_init (GlossCompareWindow *self)
{
  GtkListItemFactory *factory;

  /* The drop-downs' signals fire while the template is built: nothing to compare yet. */
  self->updating = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));

  self->units = g_list_store_new (GLOSS_TYPE_COMPARE_UNIT);
  self->names = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->a_dropdown, G_LIST_MODEL (self->names));
  gtk_drop_down_set_model (self->b_dropdown, G_LIST_MODEL (self->names));

  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->units)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_row_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_row_cb), self, 0);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  g_signal_connect (self, "notify::is-active", G_CALLBACK (is_active_changed_cb), NULL);
  self->updating = FALSE;
  gloss_keynav_escape_closes (GTK_WINDOW (self));
}
