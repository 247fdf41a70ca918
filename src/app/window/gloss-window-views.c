/* gloss-window-views.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The windows the main window opens on its project: Claims, Risk register,
 * Entities, Timeline, Link Chart, Compare, Agreement, an annotation's or a document's History, and Merge.
 * None of them knows GlossWindow: each is given what it works on (the store, the
 * undo stack, the article view, the annotators button) and says through signals
 * what it needs of the workbench (open an annotation, read the annotations or the
 * whole project again, save a note being typed, undo). This file makes them, keeps
 * one of each view per main window, and answers those signals.
 */
#define G_LOG_DOMAIN "gloss-window"

#include "config.h"

#include "gloss-ach-window.h"
#include "gloss-agreement-window.h"
#include "gloss-claims-window.h"
#include "gloss-compare-window.h"
#include "gloss-conflict-dialog.h"
#include "gloss-document-view.h"
#include "gloss-entities-window.h"
#include "gloss-history-dialog.h"
#include "gloss-merge-dialog.h"
#include "gloss-risk-window.h"
#include "gloss-graph-window.h"
#include "gloss-timeline-window.h"
#include "gloss-window-private.h"

/* ------------------------------------------------------------------------- */
/* What the views ask of the window                                          */

/* "open-annotation" of Claims, Risks and Entities: shows the annotation as a click
 * on its row in the annotations pane does, and raises the main window. */
static void
open_annotation_cb (GlossWindow *self,
                    const char  *document_id,
                    const char  *annotation_id)
{
  if (!gloss_window_select_document (self, document_id))
    return;
  /* The pane may not list it yet when it was made elsewhere (a bulk step, another
   * connection): read the document's annotations again and look once more. */
  if (!gloss_window_select_annotation (self, annotation_id))
    {
      gloss_window_reload_annotations (self);
      if (!gloss_window_select_annotation (self, annotation_id))
        return;
    }
  gtk_window_present (GTK_WINDOW (self));
}

/* "add-to-analysis" of Claims: the claims become evidence in the analysis the ACH window shows. */
static void
add_to_analysis_cb (GlossWindow        *self,
                    const char * const *annotation_ids)
{
  GtkWindow *ach = gloss_window_show_ach (self);

  if (ach != NULL)
    gloss_ach_window_add_annotations (GLOSS_ACH_WINDOW (ach), annotation_ids);
}

/* "open-event" of the Timeline: the annotation, as a click on its row would show it,
 * with the date written in it selected; for a publication date, the document. */
static void
open_event_cb (GlossWindow *self,
               const char  *document_id,
               const char  *annotation_id,
               gint64       date_start,
               gint64       date_end)
{
  if (annotation_id == NULL)
    {
      if (gloss_window_select_document (self, document_id))
        gtk_window_present (GTK_WINDOW (self));
      return;
    }
  open_annotation_cb (self, document_id, annotation_id);
  if (date_start >= 0 && date_end > date_start
      && g_strcmp0 (self->detail_id, annotation_id) == 0)
    gloss_document_view_set_selection (self->document_view, date_start, date_end);
}

/* "select-annotation" of Compare: selects it, and stays behind the Compare window. */
static void
select_annotation_cb (GlossWindow *self,
                      const char  *document_id,
                      const char  *annotation_id)
{
  if (!gloss_window_select_document (self, document_id))
    return;
  gloss_window_select_annotation (self, annotation_id);
}

/* "show-in-window" of the merge report: a document, or an annotation in it. */
static void
show_in_window_cb (GlossWindow *self,
                   const char  *document_id,
                   const char  *annotation_id)
{
  if (gloss_window_select_document (self, document_id) && annotation_id != NULL)
    gloss_window_select_annotation (self, annotation_id);
  gtk_window_present (GTK_WINDOW (self));
}

static void
merging_changed_cb (GlossWindow      *self,
                    GParamSpec       *pspec,
                    GlossMergeDialog *dialog)
{
  gloss_window_set_merging (self, gloss_merge_dialog_is_merging (dialog));
}

/* ------------------------------------------------------------------------- */
/* The views: one of each per main window                                    */

GtkWindow *
gloss_window_show_claims (GlossWindow *self)
{
  g_return_val_if_fail (GLOSS_IS_WINDOW (self), NULL);

  if (self->store == NULL)
    return NULL;
  if (self->claims_window == NULL)
    {
      GlossClaimsWindow *claims = gloss_claims_window_new (GTK_WINDOW (self), self->store);

      g_signal_connect_object (claims, "open-annotation", G_CALLBACK (open_annotation_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (claims, "add-to-analysis", G_CALLBACK (add_to_analysis_cb), self, G_CONNECT_SWAPPED);
      gloss_window_set_weak (&self->claims_window, GTK_WINDOW (claims));
    }
  gtk_window_present (self->claims_window);
  return self->claims_window;
}

/* The same table docked in the side pane, beside the article: made the first time,
 * then it follows the workbench from one project to the next. */
GtkWidget *
gloss_window_show_claims_pane (GlossWindow *self)
{
  g_return_val_if_fail (GLOSS_IS_WINDOW (self), NULL);

  if (self->store == NULL)
    return NULL;
  if (self->claims_view == NULL)
    {
      self->claims_view = gloss_claims_view_new ();
      gtk_widget_set_vexpand (self->claims_view, TRUE);
      gtk_box_append (self->claims_pane, self->claims_view);
      gloss_claims_view_set_store (GLOSS_CLAIMS_VIEW (self->claims_view), self->store);
      /* The pane is narrow: the grading columns and the document stay in the Claims
       * window; the four it keeps fit its width without a horizontal scroll bar. */
      {
        static const struct { GlossClaimsColumn column; int width; } shown[] = {
          { GLOSS_CLAIMS_COLUMN_QUOTE, 170 }, { GLOSS_CLAIMS_COLUMN_SPEAKER, 100 },
          { GLOSS_CLAIMS_COLUMN_LIKELIHOOD, 130 }, { GLOSS_CLAIMS_COLUMN_STATUS, 90 },
        };
        GlossClaimsView *view = GLOSS_CLAIMS_VIEW (self->claims_view);

        for (guint c = 0; c < GLOSS_CLAIMS_N_COLUMNS; c++)
          gtk_column_view_column_set_visible (gloss_claims_view_get_column (view, c), FALSE);
        for (guint i = 0; i < G_N_ELEMENTS (shown); i++)
          {
            GtkColumnViewColumn *column = gloss_claims_view_get_column (view, shown[i].column);

            gtk_column_view_column_set_visible (column, TRUE);
            gtk_column_view_column_set_fixed_width (column, shown[i].width);
          }
        gtk_widget_set_size_request (self->claims_view, 500, -1);
      }
      g_signal_connect_object (self->claims_view, "open-annotation", G_CALLBACK (open_annotation_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->claims_view, "add-to-analysis", G_CALLBACK (add_to_analysis_cb),
                               self, G_CONNECT_SWAPPED);
    }
  gtk_stack_set_visible_child_name (self->pane_stack, "claims");
  adw_flap_set_reveal_flap (self->annotations_flap, TRUE);
  return self->claims_view;
}

void
gloss_window_leave_claims_pane (GlossWindow *self)
{
  g_return_if_fail (GLOSS_IS_WINDOW (self));

  gtk_stack_set_visible_child_name (self->pane_stack, "annotations");
  gtk_widget_grab_focus (GTK_WIDGET (self->document_view));
}

GtkWindow *
gloss_window_show_risks (GlossWindow *self)
{
  g_return_val_if_fail (GLOSS_IS_WINDOW (self), NULL);

  if (self->store == NULL)
    return NULL;
  if (self->risk_window == NULL)
    {
      GlossRiskWindow *risks = gloss_risk_window_new (GTK_WINDOW (self), self->store);

      g_signal_connect_object (risks, "open-annotation", G_CALLBACK (open_annotation_cb),
                               self, G_CONNECT_SWAPPED);
      gloss_window_set_weak (&self->risk_window, GTK_WINDOW (risks));
    }
  gtk_window_present (self->risk_window);
  return self->risk_window;
}

GtkWindow *
gloss_window_show_entities (GlossWindow *self)
{
  g_return_val_if_fail (GLOSS_IS_WINDOW (self), NULL);

  if (self->store == NULL)
    return NULL;
  if (self->entities_window == NULL)
    {
      /* Its merges and "annotate all" steps go on this window's undo stack, so that
       * Ctrl+Z here or there undoes the same newest step. */
      GlossEntitiesWindow *entities = gloss_entities_window_new (GTK_WINDOW (self), self->store,
                                                                 self->undo, self->document_view);

      g_signal_connect_object (entities, "open-annotation", G_CALLBACK (open_annotation_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (entities, "annotations-changed", G_CALLBACK (gloss_window_reload_annotations),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (entities, "undo", G_CALLBACK (gloss_window_undo), self, G_CONNECT_SWAPPED);
      gloss_window_set_weak (&self->entities_window, GTK_WINDOW (entities));
    }
  gtk_window_present (self->entities_window);
  return self->entities_window;
}

GtkWindow *
gloss_window_show_timeline (GlossWindow *self)
{
  g_return_val_if_fail (GLOSS_IS_WINDOW (self), NULL);

  if (self->store == NULL)
    return NULL;
  if (self->timeline_window == NULL)
    {
      GlossTimelineWindow *timeline = gloss_timeline_window_new (GTK_WINDOW (self), self->store);

      g_signal_connect_object (timeline, "open-event", G_CALLBACK (open_event_cb), self, G_CONNECT_SWAPPED);
      gloss_window_set_weak (&self->timeline_window, GTK_WINDOW (timeline));
    }
  gtk_window_present (self->timeline_window);
  return self->timeline_window;
}

/* The Link Chart; "open-span" opens a place in the text as the Timeline's events do. */
GtkWindow *
gloss_window_show_graph (GlossWindow *self)
{
  g_return_val_if_fail (GLOSS_IS_WINDOW (self), NULL);

  if (self->store == NULL)
    return NULL;
  if (self->graph_window == NULL)
    {
      GlossGraphWindow *graph = gloss_graph_window_new (GTK_WINDOW (self), self->store);

      g_signal_connect_object (graph, "open-span", G_CALLBACK (open_event_cb), self, G_CONNECT_SWAPPED);
      gloss_window_set_weak (&self->graph_window, GTK_WINDOW (graph));
    }
  gtk_window_present (self->graph_window);
  return self->graph_window;
}

GtkWindow *
gloss_window_show_ach (GlossWindow *self)
{
  g_return_val_if_fail (GLOSS_IS_WINDOW (self), NULL);

  if (self->store == NULL)
    return NULL;
  if (self->ach_window == NULL)
    {
      /* Its steps go on this window's undo stack: Ctrl+Z here undoes a rating. */
      GlossAchWindow *ach = gloss_ach_window_new (GTK_WINDOW (self), self->store, self->undo);

      g_signal_connect_object (ach, "open-annotation", G_CALLBACK (open_annotation_cb), self, G_CONNECT_SWAPPED);
      gloss_window_set_weak (&self->ach_window, GTK_WINDOW (ach));
    }
  gtk_window_present (self->ach_window);
  return self->ach_window;
}

GlossCompareWindow *
gloss_window_show_compare (GlossWindow *self)
{
  GlossCompareWindow *compare;

  g_return_val_if_fail (GLOSS_IS_WINDOW (self), NULL);

  if (self->compare_window == NULL)
    {
      compare = gloss_compare_window_new (GTK_WINDOW (self), self->store, self->document_view,
                                          self->annotator_filter);
      g_signal_connect_object (compare, "select-annotation", G_CALLBACK (select_annotation_cb),
                               self, G_CONNECT_SWAPPED);
      gloss_window_set_weak (&self->compare_window, GTK_WINDOW (compare));
    }
  else
    {
      compare = GLOSS_COMPARE_WINDOW (self->compare_window);
      gloss_compare_window_refresh (compare);
    }
  gtk_window_present (GTK_WINDOW (compare));
  return compare;
}

GlossAgreementWindow *
gloss_window_show_agreement (GlossWindow *self)
{
  GlossAgreementWindow *agreement;

  g_return_val_if_fail (GLOSS_IS_WINDOW (self), NULL);

  if (self->agreement_window == NULL)
    {
      agreement = gloss_agreement_window_new (GTK_WINDOW (self), self->store, self->document_view,
                                              self->annotator_filter);
      gloss_window_set_weak (&self->agreement_window, GTK_WINDOW (agreement));
    }
  else
    agreement = GLOSS_AGREEMENT_WINDOW (self->agreement_window);
  gloss_agreement_window_compute (agreement);
  gtk_window_present (GTK_WINDOW (agreement));
  return agreement;
}

void
gloss_window_views_set_store (GlossWindow *self)
{
  /* Compare and Agreement follow the workbench from one project to the next; the
   * other views close with the project they were opened on. */
  if (self->compare_window != NULL)
    gloss_compare_window_set_store (GLOSS_COMPARE_WINDOW (self->compare_window), self->store);
  if (self->agreement_window != NULL)
    gloss_agreement_window_set_store (GLOSS_AGREEMENT_WINDOW (self->agreement_window), self->store);
  if (self->claims_view != NULL)
    gloss_claims_view_set_store (GLOSS_CLAIMS_VIEW (self->claims_view), self->store);
}

void
gloss_window_views_dispose (GlossWindow *self)
{
  gloss_window_set_weak (&self->claims_window, NULL);
  gloss_window_set_weak (&self->risk_window, NULL);
  gloss_window_set_weak (&self->entities_window, NULL);
  gloss_window_set_weak (&self->compare_window, NULL);
  gloss_window_set_weak (&self->agreement_window, NULL);
  gloss_window_set_weak (&self->ach_window, NULL);
  gloss_window_set_weak (&self->timeline_window, NULL);
  gloss_window_set_weak (&self->graph_window, NULL);
}

/* ------------------------------------------------------------------------- */
/* Dialogs                                                                   */

GlossMergeDialog *
gloss_window_new_merge_dialog (GlossWindow *self)
{
  GlossMergeDialog *dialog;

  g_return_val_if_fail (GLOSS_IS_WINDOW (self), NULL);

  dialog = gloss_merge_dialog_new (GTK_WINDOW (self), self->store);
  g_signal_connect_object (dialog, "notify::merging", G_CALLBACK (merging_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "project-changing", G_CALLBACK (gloss_window_flush_note),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "project-changed", G_CALLBACK (gloss_window_reload_project),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "show-in-window", G_CALLBACK (show_in_window_cb), self, G_CONNECT_SWAPPED);
  return dialog;
}

/* ------------------------------------------------------------------------- */
/* Actions                                                                   */

void
gloss_window_ach_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  gloss_window_show_ach (GLOSS_WINDOW (widget));
}

void
gloss_window_timeline_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  gloss_window_show_timeline (GLOSS_WINDOW (widget));
}

void
gloss_window_graph_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  gloss_window_show_graph (GLOSS_WINDOW (widget));
}

/* The annotation in the detail pane becomes evidence in the analysis the ACH window shows. */
void
gloss_window_add_to_analysis_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  GlossWindow *self = GLOSS_WINDOW (widget);
  g_autofree char *id = g_strdup (self->detail_id);
  GtkWindow *ach;

  if (id == NULL || (ach = gloss_window_show_ach (self)) == NULL)
    return;
  gloss_ach_window_add_annotations (GLOSS_ACH_WINDOW (ach), (const char *[]) { id, NULL });
}

/* From the menu: the pane shown, the focus in its search, as a window opens. */
void
gloss_window_claims_pane_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  GtkWidget *view = gloss_window_show_claims_pane (GLOSS_WINDOW (widget));

  if (view != NULL)
    gloss_claims_view_focus_search (GLOSS_CLAIMS_VIEW (view));
}

void
gloss_window_claims_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  gloss_window_show_claims (GLOSS_WINDOW (widget));
}

void
gloss_window_risks_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  gloss_window_show_risks (GLOSS_WINDOW (widget));
}

void
gloss_window_entities_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  gloss_window_show_entities (GLOSS_WINDOW (widget));
}

void
gloss_window_compare_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  gloss_window_show_compare (GLOSS_WINDOW (widget));
}

void
gloss_window_agreement_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  gloss_window_show_agreement (GLOSS_WINDOW (widget));
}

/* File > Merge Project…: a file chooser, then the dialog. */
void
gloss_window_merge_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  GlossWindow *self = GLOSS_WINDOW (widget);

  if (self->store == NULL || gloss_store_is_read_only (self->store))
    return;
  /* The dialog shows once there is a file to merge. */
  gloss_merge_dialog_choose (gloss_window_new_merge_dialog (self));
}

/* Resolve Conflict…: the conflicts a merge left on the selected annotation. */
void
gloss_window_resolve_conflict_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  GlossWindow *self = GLOSS_WINDOW (widget);
  const char *annotation = gloss_window_get_selected_annotation_id (self);
  g_autoptr(GlossSession) session = NULL;
  GlossConflictDialog *dialog;

  if (self->store == NULL || annotation == NULL || gloss_store_is_read_only (self->store))
    return;
  gloss_window_flush_note (self);
  session = gloss_window_new_session (self);
  dialog = gloss_conflict_dialog_new (GTK_WINDOW (self), session, annotation);
  /* Not a reload of the project: that would clear the undo stack the dialog just used. */
  g_signal_connect_object (dialog, "resolved", G_CALLBACK (gloss_window_reload_annotations), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The History button: the selected annotation's history, else the shown document's. */
void
gloss_window_history_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  GlossWindow *self = GLOSS_WINDOW (widget);
  const char *annotation = gloss_window_get_selected_annotation_id (self);
  const char *document = gloss_document_view_get_document_id (self->document_view);
  g_autofree char *table = NULL;
  g_autofree char *id = NULL;
  GlossHistoryDialog *dialog;

  if (self->store == NULL || (annotation == NULL && document == NULL))
    return;
  /* Copies: saving the note below may refresh the selected row. */
  table = g_strdup (annotation ? "annotations" : "documents");
  id = g_strdup (annotation ? annotation : document);
  /* The newest change may still be a note being typed. */
  gloss_window_flush_note (self);
  dialog = gloss_history_dialog_new (GTK_WINDOW (self), self->store, table, id);
  g_signal_connect_object (dialog, "project-changing", G_CALLBACK (gloss_window_flush_note),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "project-changed", G_CALLBACK (gloss_window_reload_project),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}
