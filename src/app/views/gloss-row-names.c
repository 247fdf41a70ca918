/* gloss-row-names.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-row-names"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "gloss-entities.h"
#include "gloss-fields.h"
#include "gloss-history.h"
#include "gloss-relations.h"
#include "gloss-row-names.h"
#include "gloss-util.h"

/* Names in a list or a diff are cut here: enough to recognise a quote. */
#define NAME_MAX_CHARS 60

struct _GlossRowNames
{
  GlossStore *store;
  /* id → name, filled on first use of each table; rows read once. */
  GHashTable *documents;
  GHashTable *labels;
  GHashTable *fields;          /* id → GlossField* */
  GHashTable *relation_types;
  GHashTable *entities;
  GHashTable *annotations;     /* id → quote, filled as asked */
};

GlossRowNames *
gloss_row_names_new (GlossStore *store)
{
  GlossRowNames *self = g_new0 (GlossRowNames, 1);

  g_return_val_if_fail (GLOSS_IS_STORE (store), NULL);
  self->store = g_object_ref (store);
  self->annotations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

void
gloss_row_names_free (GlossRowNames *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->store);
  g_clear_pointer (&self->documents, g_hash_table_unref);
  g_clear_pointer (&self->labels, g_hash_table_unref);
  g_clear_pointer (&self->fields, g_hash_table_unref);
  g_clear_pointer (&self->relation_types, g_hash_table_unref);
  g_clear_pointer (&self->entities, g_hash_table_unref);
  g_clear_pointer (&self->annotations, g_hash_table_unref);
  g_free (self);
}

char *
gloss_row_names_shorten (const char *text,
                         guint       max)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean space = FALSE;
  guint n = 0;

  if (text == NULL)
    return g_strdup ("");
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        {
          g_string_append_c (out, ' ');
          n++;
          space = FALSE;
        }
      if (n >= max)
        {
          g_string_append (out, "…");
          break;
        }
      g_string_append_unichar (out, c);
      n++;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
quoted (const char *text)
{
  g_autofree char *shortened = gloss_row_names_shorten (text, NAME_MAX_CHARS);

  /* Translators: a quote from an article, or a title, in a list */
  return g_strdup_printf (_("“%s”"), shortened);
}

/* ------------------------------------------------------------------------- */
/* Lookups                                                                   */

static GHashTable *
names_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static GHashTable *
documents (GlossRowNames *self)
{
  if (self->documents == NULL)
    {
      g_autoptr(GPtrArray) rows = gloss_store_list_documents (self->store, NULL);

      self->documents = names_new ();
      for (guint i = 0; rows != NULL && i < rows->len; i++)
        {
          const GlossDocument *d = g_ptr_array_index (rows, i);

          g_hash_table_insert (self->documents, g_strdup (d->id), g_strdup (d->title));
        }
    }
  return self->documents;
}

static GHashTable *
labels (GlossRowNames *self)
{
  if (self->labels == NULL)
    {
      g_autoptr(GPtrArray) rows = gloss_store_list_labels (self->store, NULL);

      self->labels = names_new ();
      self->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) gloss_field_free);
      for (guint i = 0; rows != NULL && i < rows->len; i++)
        {
          const GlossLabel *l = g_ptr_array_index (rows, i);
          g_autoptr(GPtrArray) fields = gloss_store_list_fields (self->store, l->id, NULL);

          g_hash_table_insert (self->labels, g_strdup (l->id), g_strdup (l->name));
          for (guint j = 0; fields != NULL && j < fields->len; j++)
            {
              const GlossField *f = g_ptr_array_index (fields, j);

              g_hash_table_insert (self->fields, g_strdup (f->id), gloss_field_copy (f));
            }
        }
    }
  return self->labels;
}

static GHashTable *
fields (GlossRowNames *self)
{
  labels (self);
  return self->fields;
}

static GHashTable *
relation_types (GlossRowNames *self)
{
  if (self->relation_types == NULL)
    {
      g_autoptr(GPtrArray) rows = gloss_store_list_relation_types (self->store, NULL);

      self->relation_types = names_new ();
      for (guint i = 0; rows != NULL && i < rows->len; i++)
        {
          const GlossRelationType *t = g_ptr_array_index (rows, i);

          g_hash_table_insert (self->relation_types, g_strdup (t->id), g_strdup (t->name));
        }
    }
  return self->relation_types;
}

static GHashTable *
entities (GlossRowNames *self)
{
  if (self->entities == NULL)
    {
      g_autoptr(GPtrArray) rows = gloss_store_list_entities (self->store, NULL, NULL);

      self->entities = names_new ();
      for (guint i = 0; rows != NULL && i < rows->len; i++)
        {
          const GlossEntity *e = g_ptr_array_index (rows, i);

          g_hash_table_insert (self->entities, g_strdup (e->id), g_strdup (e->name));
        }
    }
  return self->entities;
}

/* A row no longer live (deleted, or merged away) is named from the newest snapshot
 * of it that the history holds. */
static char *
name_from_history (GlossRowNames *self,
                   const char    *table,
                   const char    *id,
                   const char    *member)
{
  g_autoptr(GPtrArray) entries = gloss_store_list_history (self->store, id, NULL);

  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      const GlossHistoryEntry *entry = g_ptr_array_index (entries, i);
      const char *snapshots[] = { entry->after, entry->before };

      if (g_strcmp0 (entry->table, table) != 0 || g_strcmp0 (entry->row_id, id) != 0)
        continue;
      for (guint s = 0; s < G_N_ELEMENTS (snapshots); s++)
        {
          g_autoptr(JsonNode) root = gloss_json_parse_text (snapshots[s], JSON_NODE_OBJECT, NULL);
          JsonObject *o;

          if (root == NULL)
            continue;
          o = json_node_get_object (root);
          if (json_object_has_member (o, member) &&
              JSON_NODE_HOLDS_VALUE (json_object_get_member (o, member)) &&
              json_node_get_value_type (json_object_get_member (o, member)) == G_TYPE_STRING)
            return g_strdup (json_object_get_string_member (o, member));
        }
    }
  return NULL;
}

static const char *
lookup (GlossRowNames *self,
        GHashTable    *table,
        const char    *kind,
        const char    *id,
        const char    *member)
{
  const char *name;
  char *found;

  if (id == NULL)
    return NULL;
  name = g_hash_table_lookup (table, id);
  if (name != NULL)
    return name;
  found = name_from_history (self, kind, id, member);
  if (found == NULL)
    return NULL;
  g_hash_table_insert (table, g_strdup (id), found);
  return found;
}

static const char *
annotation_quote (GlossRowNames *self,
                  const char    *id)
{
  const char *quote = g_hash_table_lookup (self->annotations, id);
  g_autoptr(GlossAnnotation) a = NULL;

  if (quote != NULL || id == NULL)
    return quote;
  a = gloss_store_get_annotation (self->store, id, NULL);
  if (a != NULL)
    {
      g_hash_table_insert (self->annotations, g_strdup (id), g_strdup (a->quote));
      return g_hash_table_lookup (self->annotations, id);
    }
  return lookup (self, self->annotations, "annotations", id, "quote");
}

/* ------------------------------------------------------------------------- */
/* Names                                                                     */

const char *
gloss_row_names_kind (const char *table)
{
  if (g_strcmp0 (table, "annotations") == 0)
    return _("Annotation");
  if (g_strcmp0 (table, "documents") == 0)
    return _("Document");
  if (g_strcmp0 (table, "labels") == 0)
    return _("Label");
  if (g_strcmp0 (table, "label_fields") == 0)
    return _("Label field");
  if (g_strcmp0 (table, "relation_types") == 0)
    return _("Link type");
  if (g_strcmp0 (table, "entities") == 0)
    return _("Entity");
  if (g_strcmp0 (table, "field_values") == 0)
    return _("Field value");
  if (g_strcmp0 (table, "relations") == 0)
    return _("Link");
  return table ? table : "";
}

static char *
short_id (const char *id)
{
  /* Translators: a row that has no name we could find; %s is the start of its id */
  return g_strdup_printf (_("Unnamed (%.8s)"), id ? id : "");
}

char *
gloss_row_names_name (GlossRowNames *self,
                      const char    *table,
                      const char    *id)
{
  const char *name = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  if (g_strcmp0 (table, "annotations") == 0 || g_strcmp0 (table, "field_values") == 0)
    {
      name = annotation_quote (self, id);
      return name ? quoted (name) : short_id (id);
    }
  if (g_strcmp0 (table, "documents") == 0)
    {
      name = lookup (self, documents (self), "documents", id, "title");
      return name ? quoted (name) : short_id (id);
    }
  if (g_strcmp0 (table, "relations") == 0)
    {
      g_autoptr(GlossRelation) r = gloss_store_get_relation (self->store, id, NULL);
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;

      if (r == NULL)
        return short_id (id);
      from = quoted (r->from_quote);
      to = r->to_id != NULL ? quoted (r->to_quote) : g_strdup (r->to_entity_name);
      /* Translators: a link between annotations: “quote” attributed to “quote” */
      return g_strdup_printf (_("%s %s %s"), from, r->type_name ? r->type_name : "→", to);
    }
  if (g_strcmp0 (table, "labels") == 0)
    name = lookup (self, labels (self), "labels", id, "name");
  else if (g_strcmp0 (table, "label_fields") == 0)
    {
      const GlossField *f = g_hash_table_lookup (fields (self), id);

      name = f ? f->name : NULL;
    }
  else if (g_strcmp0 (table, "relation_types") == 0)
    name = lookup (self, relation_types (self), "relation_types", id, "name");
  else if (g_strcmp0 (table, "entities") == 0)
    name = lookup (self, entities (self), "entities", id, "name");
  return name ? g_strdup (name) : short_id (id);
}

/* ------------------------------------------------------------------------- */
/* Snapshot members                                                          */

char *
gloss_row_names_member (GlossRowNames *self,
                        const char    *table,
                        const char    *member,
                        const char    *sub_id)
{
  static const struct { const char *member; const char *title; } titles[] = {
    { "label", N_("Label") }, { "note", N_("Note") }, { "quote", N_("Quote") },
    { "start", N_("Start") }, { "end", N_("End") }, { "entity", N_("Entity") },
    { "annotator", N_("Annotator") }, { "document", N_("Document") }, { "title", N_("Title") },
    { "name", N_("Name") }, { "kind", N_("Kind") }, { "colour", N_("Colour") },
    { "shortcut", N_("Key") }, { "description", N_("Description") }, { "position", N_("Position") },
    { "type", N_("Type") }, { "options", N_("Options") }, { "required", N_("Required") },
    { "aliases", N_("Aliases") }, { "external_ref", N_("External reference") },
    { "merged_into", N_("Merged into") }, { "source", N_("Source") }, { "target", N_("Target") },
    { "reliability", N_("Reliability") }, { "author", N_("Author") }, { "publisher", N_("Publisher") },
    { "published", N_("Published") }, { "url", N_("Address") }, { "tlp", N_("TLP") },
    { "deleted", N_("Deleted") }, { "created", N_("Created") }, { "value", N_("Value") },
    { "min_value", N_("Minimum") }, { "max_value", N_("Maximum") },
    { "from_labels", N_("From labels") }, { "to_labels", N_("To labels") },
  };

  if (g_strcmp0 (table, "field_values") == 0 && g_strcmp0 (member, "value") == 0 && sub_id != NULL)
    {
      const GlossField *f = g_hash_table_lookup (fields (self), sub_id);

      if (f != NULL)
        return g_strdup (f->name);
    }
  if (g_strcmp0 (table, "relations") == 0 && g_strcmp0 (member, "type") == 0)
    return g_strdup (_("Link type"));
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    if (g_strcmp0 (titles[i].member, member) == 0)
      return g_strdup (_(titles[i].title));
  return g_strdup (member);
}

char *
gloss_row_names_value (GlossRowNames *self,
                       const char    *table,
                       const char    *member,
                       const char    *sub_id,
                       JsonNode      *value)
{
  g_autofree char *text = NULL;
  const char *name = NULL;

  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    /* Translators: no value, in a list of changes ("Note: — → checked") */
    return g_strdup (_("—"));
  if (!JSON_NODE_HOLDS_VALUE (value))
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();

      json_generator_set_root (generator, value);
      text = json_generator_to_data (generator, NULL);
      return gloss_row_names_shorten (text, NAME_MAX_CHARS);
    }
  if (json_node_get_value_type (value) == G_TYPE_INT64)
    {
      gint64 n = json_node_get_int (value);

      if (g_strcmp0 (member, "deleted") == 0 || g_strcmp0 (member, "required") == 0)
        return g_strdup (n ? _("yes") : _("no"));
      return g_strdup_printf ("%" G_GINT64_FORMAT, n);
    }
  if (json_node_get_value_type (value) == G_TYPE_DOUBLE)
    return g_strdup_printf ("%g", json_node_get_double (value));
  if (json_node_get_value_type (value) == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (value) ? _("yes") : _("no"));

  text = g_strdup (json_node_get_string (value));
  if (text == NULL)
    return g_strdup ("");

  /* References are UUIDs: people know the rows by name. */
  if (g_strcmp0 (member, "label") == 0)
    name = lookup (self, labels (self), "labels", text, "name");
  else if (g_strcmp0 (member, "entity") == 0 || g_strcmp0 (member, "merged_into") == 0)
    name = lookup (self, entities (self), "entities", text, "name");
  else if (g_strcmp0 (member, "document") == 0)
    name = lookup (self, documents (self), "documents", text, "title");
  else if (g_strcmp0 (table, "relations") == 0 && g_strcmp0 (member, "type") == 0)
    name = lookup (self, relation_types (self), "relation_types", text, "name");
  else if (g_strcmp0 (table, "relations") == 0 &&
           (g_strcmp0 (member, "source") == 0 || g_strcmp0 (member, "target") == 0))
    {
      const char *quote = annotation_quote (self, text);

      return quote ? quoted (quote) : short_id (text);
    }
  else if (g_strcmp0 (table, "field_values") == 0 && g_strcmp0 (member, "value") == 0 && sub_id != NULL)
    {
      const GlossField *f = g_hash_table_lookup (fields (self), sub_id);
      const GlossFieldOption *option = f ? gloss_field_find_option (f, text) : NULL;

      if (f != NULL && g_strcmp0 (f->type, GLOSS_FIELD_TYPE_ENTITY) == 0)
        name = lookup (self, entities (self), "entities", text, "name");
      else if (option != NULL && option->label != NULL && g_strcmp0 (option->label, text) != 0)
        {
          g_autofree char *shown = gloss_row_names_shorten (text, NAME_MAX_CHARS);

          /* Translators: a field value and what it means, e.g. "4 (major)" */
          return g_strdup_printf (_("%s (%s)"), shown, option->label);
        }
    }
  if (name != NULL)
    return g_strdup (name);
  if (g_strcmp0 (member, "note") == 0 || g_strcmp0 (member, "quote") == 0 ||
      g_strcmp0 (member, "title") == 0 || g_strcmp0 (member, "description") == 0)
    return quoted (text);
  return gloss_row_names_shorten (text, NAME_MAX_CHARS);
}

void
gloss_row_names_load_css (void)
{
  static gboolean loaded;
  g_autoptr(GtkCssProvider) provider = NULL;
  GdkDisplay *display = gdk_display_get_default ();

  if (loaded || display == NULL)
    return;
  loaded = TRUE;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/org/example/Gloss/gloss-team.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}
