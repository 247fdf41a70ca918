/* gloss-links-editor.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-links-editor"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "gloss-annotation-item.h"
#include "gloss-codebook-names.h"
#include "gloss-entities.h"
#include "gloss-links-editor.h"
#include "gloss-relations.h"
#include "gloss-session.h"
#include "gloss-util.h"

/* Targets listed at once; the search narrows a long project down. */
#define MAX_TARGETS 80
#define MAX_ENTITY_TARGETS 30

struct _GlossLinksEditor
{
  GtkBox           parent_instance;

  GlossStore      *store;
  GlossUndoStack  *undo;
  char            *annotator;

  GlossAnnotation *annotation;    /* shown, NULL when none */
  GPtrArray       *types;         /* GlossRelationType*, the codebook's */

  GtkMenuButton   *add_button;
  GtkPopover      *popover;
  GtkStack        *popover_stack;
  GtkListBox      *types_list;
  GtkLabel        *target_title;
  GtkSearchEntry  *target_search;
  GtkListBox      *targets_list;
  GtkListBox      *list;
  GtkLabel        *empty_label;
  GtkLabel        *error_label;
  GtkRevealer     *pick_revealer;
  GtkLabel        *pick_label;

  /* The type being added: chosen on the first page of the popover. */
  char            *pending_type_id;
  gboolean         pending_incoming;
  gboolean         picking;
  GPtrArray       *candidates;    /* GlossAnnotation*, for the target page */
  GPtrArray       *entities;      /* GlossEntity*, the register, for the target page */
  GHashTable      *titles;        /* document id -> title */
};

G_DEFINE_FINAL_TYPE (GlossLinksEditor, gloss_links_editor, GTK_TYPE_BOX)

enum {
  NAVIGATE,
  OPEN_ENTITY,
  PICKING_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void gloss_links_editor_reload (GlossLinksEditor *self);
static void store_changed_cb (GlossLinksEditor *self, GlossChangeKind kind, const char *detail, GlossStore *store);

char *
gloss_relation_inverse_phrase (const char *type_name)
{
  /* The default codebook's types read naturally backwards; any other type is shown
   * with an arrow that says the link points here. */
  static const struct { const char *name; const char *inverse; } known[] = {
    /* Translators: "attributed to" seen from the person: the person is the source of the claim */
    { "attributed to", N_("source of") },
    { "supports",      N_("supported by") },
    { "contradicts",   N_("contradicted by") },
    { "evidenced by",  N_("evidence for") },
    /* Translators: "part of" seen from the whole */
    { "part of",       N_("includes") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_ascii_strcasecmp (type_name, known[i].name) == 0)
      return g_strdup (_(known[i].inverse));
  /* Translators: a relation of a user-defined type, seen from its target */
  return g_strdup_printf (_("← %s"), gloss_codebook_name (type_name));
}

static gboolean
gloss_links_editor_editable (GlossLinksEditor *self)
{
  return self->store != NULL && !gloss_store_is_read_only (self->store);
}

static void
gloss_links_editor_set_error (GlossLinksEditor *self,
                              const char       *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static gboolean
labels_allow (char * const *labels,
              const char   *label_id)
{
  return labels == NULL || g_strv_contains ((const char * const *) labels, label_id);
}

static const GlossRelationType *
find_type (GlossLinksEditor *self,
           const char       *id)
{
  for (guint i = 0; self->types != NULL && i < self->types->len; i++)
    {
      const GlossRelationType *type = g_ptr_array_index (self->types, i);

      if (g_strcmp0 (type->id, id) == 0)
        return type;
    }
  return NULL;
}

/* ------------------------------------------------------------------------- */
/* The links shown                                                           */

typedef struct {
  GlossLinksEditor *self;
  char             *document_id;
  char             *annotation_id;
} Navigation;

static gboolean
navigate_idle_cb (gpointer data)
{
  Navigation *n = data;

  g_signal_emit (n->self, signals[NAVIGATE], 0, n->document_id, n->annotation_id);
  g_object_unref (n->self);
  g_free (n->document_id);
  g_free (n->annotation_id);
  g_free (n);
  return G_SOURCE_REMOVE;
}

static gboolean
open_entity_idle_cb (gpointer data)
{
  Navigation *n = data;

  g_signal_emit (n->self, signals[OPEN_ENTITY], 0, n->annotation_id);
  g_object_unref (n->self);
  g_free (n->annotation_id);
  g_free (n);
  return G_SOURCE_REMOVE;
}

static void
row_activated_cb (GlossLinksEditor *self,
                  GtkListBoxRow    *row,
                  GtkListBox       *list)
{
  Navigation *n;

  /* A link to an entity opens the entity in the register. */
  if (g_object_get_data (G_OBJECT (row), "gloss-entity-id") != NULL)
    {
      n = g_new0 (Navigation, 1);
      n->self = g_object_ref (self);
      n->annotation_id = g_strdup (g_object_get_data (G_OBJECT (row), "gloss-entity-id"));
      g_idle_add (open_entity_idle_cb, n);
      return;
    }
  if (g_object_get_data (G_OBJECT (row), "gloss-other-id") == NULL)
    return;
  /* After the activation is over: going there rebuilds this list. */
  n = g_new0 (Navigation, 1);
  n->self = g_object_ref (self);
  n->document_id = g_strdup (g_object_get_data (G_OBJECT (row), "gloss-other-document-id"));
  n->annotation_id = g_strdup (g_object_get_data (G_OBJECT (row), "gloss-other-id"));
  g_idle_add (navigate_idle_cb, n);
}

gboolean
gloss_links_editor_delete_link (GlossLinksEditor *self,
                                const char       *relation_id,
                                GError          **error)
{
  g_autofree char *id = g_strdup (relation_id);
  g_autoptr(GlossSession) session = NULL;

  g_return_val_if_fail (GLOSS_IS_LINKS_EDITOR (self), FALSE);

  if (self->annotation == NULL || !gloss_links_editor_editable (self))
    {
      g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_READ_ONLY, _("Links cannot be changed here"));
      return FALSE;
    }
  session = gloss_session_new (self->store, self->undo);
  if (!gloss_session_unlink (session, id, self->annotation->id, error))
    return FALSE;
  gloss_links_editor_reload (self);
  return TRUE;
}

static void
delete_clicked_cb (GtkButton        *button,
                   GlossLinksEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup (g_object_get_data (G_OBJECT (button), "gloss-relation-id"));

  if (!gloss_links_editor_delete_link (self, id, &error))
    gloss_links_editor_set_error (self, error->message);
}

static GtkWidget *
gloss_links_editor_create_row (GlossLinksEditor    *self,
                               const GlossRelation *relation)
{
  gboolean outgoing = g_strcmp0 (relation->from_id, self->annotation->id) == 0;
  const char *other_id = outgoing ? relation->to_id : relation->from_id;
  const char *other_doc = outgoing ? relation->to_document_id : relation->from_document_id;
  const char *other_quote = outgoing ? relation->to_quote : relation->from_quote;
  gboolean to_entity = outgoing && relation->to_entity_id != NULL;
  g_autofree char *phrase = outgoing ? g_strdup (gloss_codebook_name (relation->type_name)) : gloss_relation_inverse_phrase (relation->type_name);
  /* An entity is named as the register names it, an annotation quoted. */
  g_autofree char *quote = to_entity ? g_strdup (relation->to_entity_name)
                                     : g_strdup_printf ("“%s”", other_quote ? other_quote : "");
  g_autofree char *accessible = NULL;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *kind = gtk_label_new (phrase);
  GtkWidget *target = gtk_label_new (quote);
  GtkWidget *remove = gtk_button_new_from_icon_name ("edit-delete-symbolic");

  g_object_set_data_full (G_OBJECT (row), "gloss-relation-id", g_strdup (relation->id), g_free);
  g_object_set_data_full (G_OBJECT (row), "gloss-other-id", g_strdup (other_id), g_free);
  g_object_set_data_full (G_OBJECT (row), "gloss-other-document-id", g_strdup (other_doc), g_free);
  if (to_entity)
    g_object_set_data_full (G_OBJECT (row), "gloss-entity-id", g_strdup (relation->to_entity_id), g_free);
  accessible = g_strdup_printf ("%s %s", phrase, quote);
  g_object_set_data_full (G_OBJECT (row), "gloss-text", g_strdup (accessible), g_free);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  gtk_widget_set_tooltip_text (row, to_entity ? _("Open the entity in the register") : _("Go to the other end of the link"));

  gtk_label_set_xalign (GTK_LABEL (kind), 0);
  gtk_widget_add_css_class (kind, "caption");
  gtk_widget_add_css_class (kind, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (target), 0);
  gtk_label_set_wrap (GTK_LABEL (target), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (target), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (target), 2);
  gtk_label_set_ellipsize (GTK_LABEL (target), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (target), 24);
  gtk_box_append (GTK_BOX (texts), kind);
  gtk_box_append (GTK_BOX (texts), target);
  if (to_entity)
    {
      GtkWidget *where = gtk_label_new (_("entity of the register"));

      gtk_label_set_xalign (GTK_LABEL (where), 0);
      gtk_widget_add_css_class (where, "caption");
      gtk_widget_add_css_class (where, "dim-label");
      gtk_box_append (GTK_BOX (texts), where);
    }
  else if (self->annotation != NULL && g_strcmp0 (other_doc, self->annotation->document_id) != 0)
    {
      const char *title = self->titles ? g_hash_table_lookup (self->titles, other_doc) : NULL;
      /* Translators: where the other end of a link is, "in “Harbour strike”" */
      g_autofree char *where = g_strdup_printf (_("in “%s”"), title ? title : other_doc);
      GtkWidget *doc = gtk_label_new (where);

      gtk_label_set_xalign (GTK_LABEL (doc), 0);
      gtk_label_set_ellipsize (GTK_LABEL (doc), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (doc, "caption");
      gtk_widget_add_css_class (doc, "dim-label");
      gtk_box_append (GTK_BOX (texts), doc);
    }
  gtk_widget_set_hexpand (texts, TRUE);

  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_add_css_class (remove, "circular");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (remove, _("Delete Link"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Delete Link"), -1);
  gtk_widget_set_sensitive (remove, gloss_links_editor_editable (self));
  g_object_set_data_full (G_OBJECT (remove), "gloss-relation-id", g_strdup (relation->id), g_free);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (delete_clicked_cb), self, 0);

  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_margin_end (box, 4);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_box_append (GTK_BOX (box), remove);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static void
gloss_links_editor_load_titles (GlossLinksEditor *self)
{
  g_autoptr(GPtrArray) documents = gloss_store_list_documents (self->store, NULL);

  g_clear_pointer (&self->titles, g_hash_table_unref);
  self->titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; documents != NULL && i < documents->len; i++)
    {
      GlossDocument *d = g_ptr_array_index (documents, i);

      g_hash_table_insert (self->titles, g_strdup (d->id), g_strdup (d->title));
    }
}

/* The types the annotation's label may take part in, each way. */
static gboolean
gloss_links_editor_has_types (GlossLinksEditor *self)
{
  for (guint i = 0; self->annotation != NULL && self->types != NULL && i < self->types->len; i++)
    {
      const GlossRelationType *type = g_ptr_array_index (self->types, i);

      if (labels_allow (type->from_labels, self->annotation->label_id) ||
          labels_allow (type->to_labels, self->annotation->label_id))
        return TRUE;
    }
  return FALSE;
}

static void
gloss_links_editor_reload (GlossLinksEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) relations = NULL;
  GtkWidget *child;
  gboolean cross_document = FALSE;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  gloss_links_editor_set_error (self, NULL);
  if (self->annotation == NULL)
    return;

  relations = gloss_store_list_relations (self->store, self->annotation->id, &error);
  if (relations == NULL)
    {
      gloss_links_editor_set_error (self, error->message);
      return;
    }
  for (guint i = 0; i < relations->len && !cross_document; i++)
    {
      GlossRelation *r = g_ptr_array_index (relations, i);

      cross_document = r->to_document_id != NULL && g_strcmp0 (r->from_document_id, r->to_document_id) != 0;
    }
  if (cross_document)
    gloss_links_editor_load_titles (self);
  for (guint i = 0; i < relations->len; i++)
    gtk_list_box_append (self->list, gloss_links_editor_create_row (self, g_ptr_array_index (relations, i)));

  gtk_widget_set_visible (GTK_WIDGET (self->list), relations->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), relations->len == 0);
}

/* ------------------------------------------------------------------------- */
/* Adding a link                                                             */

/* A session for one change, stamped with the analyst's name (the window's, else the
 * preferences', else the login's); NULL + READ_ONLY when links cannot change here. */
static GlossSession *
gloss_links_editor_new_session (GlossLinksEditor *self,
                                GError          **error)
{
  GlossSession *session;
  g_autofree char *annotator = NULL;

  if (self->annotation == NULL || !gloss_links_editor_editable (self))
    {
      g_set_error_literal (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_READ_ONLY, _("Links cannot be changed here"));
      return NULL;
    }
  if (self->annotator == NULL)
    {
      /* The name the window stamps on annotations, from the preferences. */
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);

      annotator = g_settings_get_string (settings, "analyst-name");
      if (*annotator == '\0')
        {
          g_free (annotator);
          annotator = gloss_default_annotator ();
        }
    }
  session = gloss_session_new (self->store, self->undo);
  gloss_session_set_annotator (session, self->annotator ? self->annotator : annotator);
  return session;
}

/* One link from (or, @incoming, to) the annotation shown: to the annotation
 * @other_id, or to the entity @entity_id of the register. */
static gboolean
gloss_links_editor_link (GlossLinksEditor *self,
                         const char       *type_id,
                         gboolean          incoming,
                         const char       *other_id,
                         const char       *entity_id,
                         GError          **error)
{
  g_autoptr(GlossRelation) relation = NULL;
  g_autoptr(GlossSession) session = NULL;
  g_autofree char *annotation_id = NULL;

  session = gloss_links_editor_new_session (self, error);
  if (session == NULL)
    return FALSE;
  annotation_id = g_strdup (self->annotation->id);
  /* The core checks that the type allows both ends and refuses the same link twice. */
  if (entity_id != NULL)
    relation = gloss_session_link_entity (session, type_id, annotation_id, entity_id, error);
  else
    relation = gloss_session_link (session, type_id,
                                   incoming ? other_id : annotation_id,
                                   incoming ? annotation_id : other_id,
                                   annotation_id, error);
  if (relation == NULL)
    return FALSE;
  gloss_links_editor_reload (self);
  return TRUE;
}

gboolean
gloss_links_editor_add_link (GlossLinksEditor *self,
                             const char       *type_id,
                             gboolean          incoming,
                             const char       *other_id,
                             GError          **error)
{
  g_return_val_if_fail (GLOSS_IS_LINKS_EDITOR (self), FALSE);
  g_return_val_if_fail (other_id != NULL, FALSE);

  return gloss_links_editor_link (self, type_id, incoming, other_id, NULL, error);
}

gboolean
gloss_links_editor_add_entity_link (GlossLinksEditor *self,
                                    const char       *type_id,
                                    const char       *entity_id,
                                    GError          **error)
{
  g_return_val_if_fail (GLOSS_IS_LINKS_EDITOR (self), FALSE);
  g_return_val_if_fail (entity_id != NULL, FALSE);

  return gloss_links_editor_link (self, type_id, FALSE, NULL, entity_id, error);
}

/* Entities of the register the link may point at: outgoing links only (an entity is
 * never the source), of the types the relation allows at its target. */
static guint
gloss_links_editor_fill_entity_targets (GlossLinksEditor        *self,
                                        const GlossRelationType *type,
                                        const char              *text)
{
  g_autofree char *key = gloss_entity_match_key (text);
  guint shown = 0;

  if (self->pending_incoming || self->entities == NULL)
    return 0;
  for (guint i = 0; i < self->entities->len && shown < MAX_ENTITY_TARGETS; i++)
    {
      const GlossEntity *e = g_ptr_array_index (self->entities, i);
      g_autofree char *klass = NULL;
      g_autofree char *accessible = NULL;
      GtkWidget *row, *box, *top, *chip, *kind, *name;

      if (!labels_allow (type->to_labels, e->label_id) || g_strcmp0 (e->id, self->annotation->entity_id) == 0 ||
          !gloss_entity_matches_key (e, key ? key : "", NULL))
        continue;
      row = gtk_list_box_row_new ();
      box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      chip = gtk_label_new (e->label_name);
      klass = gloss_label_css_class (e->label_id);
      gtk_widget_add_css_class (chip, "label-chip");
      gtk_widget_add_css_class (chip, klass);
      kind = gtk_label_new (_("entity of the register"));
      gtk_widget_add_css_class (kind, "caption");
      gtk_widget_add_css_class (kind, "dim-label");
      gtk_box_append (GTK_BOX (top), chip);
      gtk_box_append (GTK_BOX (top), kind);
      name = gtk_label_new (e->name);
      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (name, "heading");
      gtk_box_append (GTK_BOX (box), top);
      gtk_box_append (GTK_BOX (box), name);
      gtk_widget_set_margin_top (box, 4);
      gtk_widget_set_margin_bottom (box, 4);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      /* Translators: a row of the Add Link list: "Entity Sofia Brandt (Person)" */
      accessible = g_strdup_printf (_("Entity %s (%s)"), e->name, e->label_name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
      g_object_set_data_full (G_OBJECT (row), "gloss-entity-id", g_strdup (e->id), g_free);
      gtk_list_box_append (self->targets_list, row);
      shown++;
    }
  return shown;
}

static void
gloss_links_editor_fill_targets (GlossLinksEditor *self)
{
  const GlossRelationType *type = find_type (self, self->pending_type_id);
  g_autofree char *query = NULL;
  char * const *allowed;
  GtkWidget *child;
  guint shown = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->targets_list))) != NULL)
    gtk_list_box_remove (self->targets_list, child);
  if (type == NULL || self->annotation == NULL || self->candidates == NULL)
    return;

  allowed = self->pending_incoming ? type->from_labels : type->to_labels;
  query = gloss_search_key (gtk_editable_get_text (GTK_EDITABLE (self->target_search)));

  /* A name typed is more often an entity's: the register's matches come first then. */
  if (*query != '\0')
    shown += gloss_links_editor_fill_entity_targets (self, type, gtk_editable_get_text (GTK_EDITABLE (self->target_search)));

  /* This document first, then the others, each in text order. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < self->candidates->len && shown < MAX_TARGETS; i++)
      {
        GlossAnnotation *a = g_ptr_array_index (self->candidates, i);
        gboolean here = g_strcmp0 (a->document_id, self->annotation->document_id) == 0;
        const char *title = g_hash_table_lookup (self->titles, a->document_id);
        g_autofree char *quote_key = NULL;
        g_autofree char *title_key = NULL;
        g_autofree char *klass = NULL;
        GtkWidget *row, *box, *top, *chip, *quote;

        if (here != (pass == 0) || g_strcmp0 (a->id, self->annotation->id) == 0 ||
            !labels_allow (allowed, a->label_id))
          continue;
        if (*query != '\0')
          {
            quote_key = gloss_search_key (a->quote);
            title_key = gloss_search_key (title);
            if (strstr (quote_key, query) == NULL && strstr (title_key, query) == NULL)
              continue;
          }

        row = gtk_list_box_row_new ();
        box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
        top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
        chip = gtk_label_new (a->label_name);
        klass = gloss_label_css_class (a->label_id);
        gtk_widget_add_css_class (chip, "label-chip");
        gtk_widget_add_css_class (chip, klass);
        gtk_box_append (GTK_BOX (top), chip);
        if (!here)
          {
            GtkWidget *doc = gtk_label_new (title);

            gtk_label_set_ellipsize (GTK_LABEL (doc), PANGO_ELLIPSIZE_END);
            gtk_label_set_xalign (GTK_LABEL (doc), 0);
            gtk_widget_add_css_class (doc, "caption");
            gtk_widget_add_css_class (doc, "dim-label");
            gtk_box_append (GTK_BOX (top), doc);
          }
        quote = gtk_label_new (a->quote);
        gtk_label_set_xalign (GTK_LABEL (quote), 0);
        gtk_label_set_wrap (GTK_LABEL (quote), TRUE);
        gtk_label_set_wrap_mode (GTK_LABEL (quote), PANGO_WRAP_WORD_CHAR);
        gtk_label_set_lines (GTK_LABEL (quote), 2);
        gtk_label_set_ellipsize (GTK_LABEL (quote), PANGO_ELLIPSIZE_END);
        gtk_label_set_max_width_chars (GTK_LABEL (quote), 36);
        gtk_box_append (GTK_BOX (box), top);
        gtk_box_append (GTK_BOX (box), quote);
        gtk_widget_set_margin_top (box, 4);
        gtk_widget_set_margin_bottom (box, 4);
        gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
        gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, a->quote, -1);
        g_object_set_data_full (G_OBJECT (row), "gloss-annotation-id", g_strdup (a->id), g_free);
        gtk_list_box_append (self->targets_list, row);
        shown++;
      }

  if (*query == '\0')
    shown += gloss_links_editor_fill_entity_targets (self, type, "");

  if (shown == 0)
    {
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *label = gtk_label_new (*query ? _("No annotation or entity matches")
                                               : _("No annotation can be linked this way yet"));

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_append (self->targets_list, row);
    }
}

static void
target_search_changed_cb (GlossLinksEditor *self)
{
  gloss_links_editor_fill_targets (self);
}

static void
target_activated_cb (GlossLinksEditor *self,
                     GtkListBoxRow    *row,
                     GtkListBox       *list)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *other = g_strdup (g_object_get_data (G_OBJECT (row), "gloss-annotation-id"));
  g_autofree char *entity = g_strdup (g_object_get_data (G_OBJECT (row), "gloss-entity-id"));
  g_autofree char *type_id = g_strdup (self->pending_type_id);

  if ((other == NULL && entity == NULL) || type_id == NULL)
    return;
  gtk_popover_popdown (self->popover);
  if (entity != NULL ? !gloss_links_editor_add_entity_link (self, type_id, entity, &error)
                     : !gloss_links_editor_add_link (self, type_id, self->pending_incoming, other, &error))
    gloss_links_editor_set_error (self, error->message);
}

static void
target_search_activate_cb (GlossLinksEditor *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->targets_list, 0);

  if (first != NULL)
    target_activated_cb (self, first, self->targets_list);
}

/* The second page of the popover: what a link of @type_id may point at. */
static void
gloss_links_editor_show_targets (GlossLinksEditor *self,
                                 const char       *type_id,
                                 gboolean          incoming,
                                 const char       *phrase)
{
  g_autoptr(GPtrArray) all = NULL;

  g_free (self->pending_type_id);
  self->pending_type_id = g_strdup (type_id);
  self->pending_incoming = incoming;
  gtk_label_set_text (self->target_title, phrase);

  all = gloss_store_list_annotations (self->store, NULL, NULL);
  g_clear_pointer (&self->candidates, g_ptr_array_unref);
  self->candidates = all ? g_steal_pointer (&all) : g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_annotation_free);
  g_clear_pointer (&self->entities, g_ptr_array_unref);
  if (!self->pending_incoming)
    self->entities = gloss_store_list_entities (self->store, NULL, NULL);
  g_object_set (self->target_search, "placeholder-text",
                self->pending_incoming ? _("Search annotations") : _("Search annotations and entities"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->target_search), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->pending_incoming ? _("Search annotations") : _("Search annotations and entities"),
                                  -1);
  gloss_links_editor_load_titles (self);
  gtk_editable_set_text (GTK_EDITABLE (self->target_search), "");
  gloss_links_editor_fill_targets (self);
  gtk_stack_set_visible_child_name (self->popover_stack, "targets");
  gtk_widget_grab_focus (GTK_WIDGET (self->target_search));
}

static void
type_activated_cb (GlossLinksEditor *self,
                   GtkListBoxRow    *row,
                   GtkListBox       *list)
{
  const char *type_id = g_object_get_data (G_OBJECT (row), "gloss-type-id");

  if (type_id == NULL)
    return;
  gloss_links_editor_show_targets (self, type_id, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "gloss-incoming")),
                                   g_object_get_data (G_OBJECT (row), "gloss-phrase"));
}

GtkListBox *
gloss_links_editor_open_targets (GlossLinksEditor *self,
                                 const char       *type_id,
                                 const char       *query)
{
  const GlossRelationType *type;

  g_return_val_if_fail (GLOSS_IS_LINKS_EDITOR (self), NULL);

  gtk_menu_button_popup (self->add_button);
  type = find_type (self, type_id);
  g_return_val_if_fail (type != NULL, NULL);
  gloss_links_editor_show_targets (self, type_id, FALSE, gloss_codebook_name (type->name));
  gtk_editable_set_text (GTK_EDITABLE (self->target_search), query ? query : "");
  gloss_links_editor_fill_targets (self);
  return self->targets_list;
}

static GtkWidget *
type_row_new (const char *phrase,
              const char *description,
              const char *type_id,
              gboolean    incoming)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *title = gtk_label_new (phrase);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_box_append (GTK_BOX (box), title);
  if (description != NULL)
    {
      GtkWidget *sub = gtk_label_new (description);

      gtk_label_set_xalign (GTK_LABEL (sub), 0);
      gtk_label_set_wrap (GTK_LABEL (sub), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (sub), 34);
      gtk_widget_add_css_class (sub, "caption");
      gtk_widget_add_css_class (sub, "dim-label");
      gtk_box_append (GTK_BOX (box), sub);
    }
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "gloss-type-id", g_strdup (type_id), g_free);
  g_object_set_data_full (G_OBJECT (row), "gloss-phrase", g_strdup (phrase), g_free);
  g_object_set_data (G_OBJECT (row), "gloss-incoming", GINT_TO_POINTER (incoming));
  return row;
}

/* The first page each time the popover opens: the types, both ways. */
static void
popover_show_cb (GlossLinksEditor *self)
{
  g_autoptr(GPtrArray) types = NULL;
  GtkWidget *child;

  gtk_stack_set_visible_child_name (self->popover_stack, "types");
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->types_list))) != NULL)
    gtk_list_box_remove (self->types_list, child);
  if (self->annotation == NULL)
    return;

  types = gloss_store_list_relation_types (self->store, NULL);
  g_clear_pointer (&self->types, g_ptr_array_unref);
  self->types = types ? g_steal_pointer (&types) : g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_relation_type_free);
  for (guint i = 0; i < self->types->len; i++)
    {
      const GlossRelationType *type = g_ptr_array_index (self->types, i);

      if (labels_allow (type->from_labels, self->annotation->label_id))
        gtk_list_box_append (self->types_list, type_row_new (gloss_codebook_name (type->name), type->description, type->id, FALSE));
    }
  for (guint i = 0; i < self->types->len; i++)
    {
      const GlossRelationType *type = g_ptr_array_index (self->types, i);

      if (labels_allow (type->to_labels, self->annotation->label_id))
        {
          g_autofree char *phrase = gloss_relation_inverse_phrase (type->name);

          gtk_list_box_append (self->types_list, type_row_new (phrase, NULL, type->id, TRUE));
        }
    }
}

static void
back_clicked_cb (GlossLinksEditor *self)
{
  gtk_stack_set_visible_child_name (self->popover_stack, "types");
}

/* ------------------------------------------------------------------------- */
/* Picking the target in the text                                            */

static void
gloss_links_editor_set_picking (GlossLinksEditor *self,
                                gboolean          picking)
{
  if (self->picking == picking)
    return;
  self->picking = picking;
  gtk_revealer_set_reveal_child (self->pick_revealer, picking);
  g_signal_emit (self, signals[PICKING_CHANGED], 0, picking);
}

void
gloss_links_editor_begin_picking (GlossLinksEditor *self,
                                  const char       *type_id,
                                  gboolean          incoming)
{
  const GlossRelationType *type;
  g_autofree char *phrase = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (GLOSS_IS_LINKS_EDITOR (self));

  if (self->types == NULL)
    popover_show_cb (self);
  type = find_type (self, type_id);
  if (type == NULL || self->annotation == NULL)
    return;
  g_free (self->pending_type_id);
  self->pending_type_id = g_strdup (type_id);
  self->pending_incoming = incoming;
  phrase = incoming ? gloss_relation_inverse_phrase (type->name) : g_strdup (gloss_codebook_name (type->name));
  /* Translators: %s is a relation such as "attributed to" */
  text = g_strdup_printf (_("Click the annotation this is %s"), phrase);
  gtk_label_set_text (self->pick_label, text);
  gloss_links_editor_set_error (self, NULL);
  gloss_links_editor_set_picking (self, TRUE);
}

static void
pick_in_text_clicked_cb (GlossLinksEditor *self)
{
  g_autofree char *type_id = g_strdup (self->pending_type_id);

  gtk_popover_popdown (self->popover);
  gloss_links_editor_begin_picking (self, type_id, self->pending_incoming);
}

gboolean
gloss_links_editor_get_picking (GlossLinksEditor *self)
{
  g_return_val_if_fail (GLOSS_IS_LINKS_EDITOR (self), FALSE);
  return self->picking;
}

void
gloss_links_editor_cancel_picking (GlossLinksEditor *self)
{
  g_return_if_fail (GLOSS_IS_LINKS_EDITOR (self));
  gloss_links_editor_set_picking (self, FALSE);
}

gboolean
gloss_links_editor_pick (GlossLinksEditor *self,
                         const char       *annotation_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *type_id = NULL;

  g_return_val_if_fail (GLOSS_IS_LINKS_EDITOR (self), FALSE);

  if (!self->picking)
    return FALSE;
  /* A click on the annotation itself is no target: keep waiting. */
  if (self->annotation != NULL && g_strcmp0 (annotation_id, self->annotation->id) == 0)
    return TRUE;
  type_id = g_strdup (self->pending_type_id);
  gloss_links_editor_set_picking (self, FALSE);
  if (!gloss_links_editor_add_link (self, type_id, self->pending_incoming, annotation_id, &error))
    gloss_links_editor_set_error (self, error->message);
  return TRUE;
}

/* ------------------------------------------------------------------------- */
/* Public                                                                    */

void
gloss_links_editor_set_annotation (GlossLinksEditor *self,
                                   const char       *annotation_id)
{
  g_autoptr(GlossAnnotation) annotation = NULL;

  g_return_if_fail (GLOSS_IS_LINKS_EDITOR (self));

  if (annotation_id != NULL && self->store != NULL)
    annotation = gloss_store_get_annotation (self->store, annotation_id, NULL);
  if (annotation == NULL || self->annotation == NULL || g_strcmp0 (annotation->id, self->annotation->id) != 0)
    gloss_links_editor_set_picking (self, FALSE);
  g_clear_pointer (&self->annotation, gloss_annotation_free);
  self->annotation = g_steal_pointer (&annotation);

  if (self->types == NULL && self->store != NULL)
    self->types = gloss_store_list_relation_types (self->store, NULL);
  gloss_links_editor_reload (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), gloss_links_editor_editable (self));
  gtk_widget_set_visible (GTK_WIDGET (self), self->annotation != NULL && gloss_links_editor_has_types (self));
}

void
gloss_links_editor_set_context (GlossLinksEditor *self,
                                GlossStore       *store,
                                GlossUndoStack   *undo,
                                const char       *annotator)
{
  g_return_if_fail (GLOSS_IS_LINKS_EDITOR (self));

  gloss_links_editor_set_annotation (self, NULL);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  g_set_object (&self->undo, undo);
  g_free (self->annotator);
  self->annotator = g_strdup (annotator);
  /* The codebook's types are read again for the new project. */
  g_clear_pointer (&self->types, g_ptr_array_unref);
}

GtkListBox *
gloss_links_editor_get_list (GlossLinksEditor *self)
{
  return self->list;
}

char *
gloss_links_editor_dup_row_text (GlossLinksEditor *self,
                                 guint             index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->list, index);

  return row ? g_strdup (g_object_get_data (G_OBJECT (row), "gloss-text")) : NULL;
}

/* ------------------------------------------------------------------------- */
/* GObject                                                                   */

static void
store_changed_cb (GlossLinksEditor *self,
                  GlossChangeKind   kind,
                  const char       *detail,
                  GlossStore       *store)
{
  /* Relation types are part of the codebook. */
  if (kind == GLOSS_CHANGE_LABELS || kind == GLOSS_CHANGE_ALL)
    g_clear_pointer (&self->types, g_ptr_array_unref);
}

static void
gloss_links_editor_dispose (GObject *object)
{
  GlossLinksEditor *self = GLOSS_LINKS_EDITOR (object);

  g_clear_object (&self->store);
  g_clear_object (&self->undo);
  g_clear_pointer (&self->annotation, gloss_annotation_free);
  g_clear_pointer (&self->types, g_ptr_array_unref);
  g_clear_pointer (&self->candidates, g_ptr_array_unref);
  g_clear_pointer (&self->entities, g_ptr_array_unref);
  g_clear_pointer (&self->titles, g_hash_table_unref);

  G_OBJECT_CLASS (gloss_links_editor_parent_class)->dispose (object);
}

static void
gloss_links_editor_finalize (GObject *object)
{
  GlossLinksEditor *self = GLOSS_LINKS_EDITOR (object);

  g_free (self->annotator);
  g_free (self->pending_type_id);

  G_OBJECT_CLASS (gloss_links_editor_parent_class)->finalize (object);
}

static void
gloss_links_editor_class_init (GlossLinksEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gloss_links_editor_dispose;
  object_class->finalize = gloss_links_editor_finalize;

  signals[NAVIGATE] =
    g_signal_new ("navigate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[OPEN_ENTITY] =
    g_signal_new ("open-entity", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[PICKING_CHANGED] =
    g_signal_new ("picking-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static GtkWidget *
gloss_links_editor_build_popover (GlossLinksEditor *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *types_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *types_title = gtk_label_new (_("Link This Annotation"));
  GtkWidget *types_scroller = gtk_scrolled_window_new ();
  GtkWidget *types_list = gtk_list_box_new ();
  GtkWidget *targets_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *back = gtk_button_new_from_icon_name ("go-previous-symbolic");
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *search = gtk_search_entry_new ();
  GtkWidget *pick = gtk_button_new_with_mnemonic (_("_Pick in Text"));
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *targets = gtk_list_box_new ();

  gtk_widget_add_css_class (types_title, "heading");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (types_list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (types_list, "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (types_list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Kinds of link"), -1);
  g_signal_connect_object (types_list, "row-activated", G_CALLBACK (type_activated_cb), self, G_CONNECT_SWAPPED);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (types_scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (types_scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (types_scroller), 320);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (types_scroller), types_list);
  gtk_box_append (GTK_BOX (types_box), types_title);
  gtk_box_append (GTK_BOX (types_box), types_scroller);

  gtk_widget_add_css_class (back, "flat");
  gtk_widget_set_tooltip_text (back, _("Back"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (back), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Back"), -1);
  g_signal_connect_object (back, "clicked", G_CALLBACK (back_clicked_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_set_tooltip_text (pick, _("Close this list and click the annotation in the article"));
  g_signal_connect_object (pick, "clicked", G_CALLBACK (pick_in_text_clicked_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (header), back);
  gtk_box_append (GTK_BOX (header), title);
  gtk_box_append (GTK_BOX (header), pick);

  g_object_set (search, "placeholder-text", _("Search annotations"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (search), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Search annotations"), -1);
  g_signal_connect_object (search, "search-changed", G_CALLBACK (target_search_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (search, "activate", G_CALLBACK (target_search_activate_cb), self, G_CONNECT_SWAPPED);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (targets), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (targets, "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (targets), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Annotations and entities to link to"), -1);
  g_signal_connect_object (targets, "row-activated", G_CALLBACK (target_activated_cb), self, G_CONNECT_SWAPPED);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 340);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), targets);
  gtk_box_append (GTK_BOX (targets_box), header);
  gtk_box_append (GTK_BOX (targets_box), search);
  gtk_box_append (GTK_BOX (targets_box), scroller);

  gtk_stack_add_named (GTK_STACK (stack), types_box, "types");
  gtk_stack_add_named (GTK_STACK (stack), targets_box, "targets");
  gtk_stack_set_vhomogeneous (GTK_STACK (stack), FALSE);
  gtk_stack_set_hhomogeneous (GTK_STACK (stack), TRUE);
  gtk_widget_set_size_request (stack, 320, -1);
  gtk_popover_set_child (GTK_POPOVER (popover), stack);
  g_signal_connect_object (popover, "show", G_CALLBACK (popover_show_cb), self, G_CONNECT_SWAPPED);

  self->popover = GTK_POPOVER (popover);
  self->popover_stack = GTK_STACK (stack);
  self->types_list = GTK_LIST_BOX (types_list);
  self->target_title = GTK_LABEL (title);
  self->target_search = GTK_SEARCH_ENTRY (search);
  self->targets_list = GTK_LIST_BOX (targets);
  return popover;
}

static void
gloss_links_editor_init (GlossLinksEditor *self)
{
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *heading = gtk_label_new (_("Links"));
  GtkWidget *add = gtk_menu_button_new ();
  GtkWidget *pick_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *pick_label = gtk_label_new (NULL);
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *pick_revealer = gtk_revealer_new ();
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *empty = gtk_label_new (_("No links yet"));
  GtkWidget *error = gtk_label_new (NULL);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 4);
  gtk_widget_add_css_class (GTK_WIDGET (self), "gloss-links");

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_set_hexpand (heading, TRUE);
  gtk_widget_set_valign (heading, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (heading, "caption-heading");
  gtk_menu_button_set_label (GTK_MENU_BUTTON (add), _("Add _Link…"));
  gtk_menu_button_set_use_underline (GTK_MENU_BUTTON (add), TRUE);
  gtk_widget_add_css_class (add, "flat");
  gtk_widget_set_tooltip_text (add, _("Link this annotation to another one, in this document or another, or to an entity"));
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (add), gloss_links_editor_build_popover (self));
  gtk_box_append (GTK_BOX (header), heading);
  gtk_box_append (GTK_BOX (header), add);
  gtk_box_append (GTK_BOX (self), header);

  gtk_label_set_xalign (GTK_LABEL (pick_label), 0);
  gtk_label_set_wrap (GTK_LABEL (pick_label), TRUE);
  gtk_widget_set_hexpand (pick_label, TRUE);
  gtk_widget_add_css_class (cancel, "flat");
  gtk_widget_set_valign (cancel, GTK_ALIGN_CENTER);
  g_signal_connect_object (cancel, "clicked", G_CALLBACK (gloss_links_editor_cancel_picking), self, G_CONNECT_SWAPPED);
  gtk_widget_add_css_class (pick_box, "gloss-pick-bar");
  gtk_box_append (GTK_BOX (pick_box), pick_label);
  gtk_box_append (GTK_BOX (pick_box), cancel);
  gtk_revealer_set_child (GTK_REVEALER (pick_revealer), pick_box);
  gtk_box_append (GTK_BOX (self), pick_revealer);

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Links"), -1);
  g_signal_connect_object (list, "row-activated", G_CALLBACK (row_activated_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_set_visible (list, FALSE);
  gtk_box_append (GTK_BOX (self), list);

  gtk_label_set_xalign (GTK_LABEL (empty), 0);
  gtk_widget_add_css_class (empty, "caption");
  gtk_widget_add_css_class (empty, "dim-label");
  gtk_box_append (GTK_BOX (self), empty);

  gtk_label_set_xalign (GTK_LABEL (error), 0);
  gtk_label_set_wrap (GTK_LABEL (error), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (error), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (error, "caption");
  gtk_widget_add_css_class (error, "error");
  gtk_widget_set_visible (error, FALSE);
  gtk_box_append (GTK_BOX (self), error);

  self->add_button = GTK_MENU_BUTTON (add);
  self->pick_revealer = GTK_REVEALER (pick_revealer);
  self->pick_label = GTK_LABEL (pick_label);
  self->list = GTK_LIST_BOX (list);
  self->empty_label = GTK_LABEL (empty);
  self->error_label = GTK_LABEL (error);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
gloss_links_editor_new (void)
{
  return g_object_new (GLOSS_TYPE_LINKS_EDITOR, NULL);
}
