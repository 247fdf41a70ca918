/* test-fields.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Typed fields on labels, their validation, the derived risk score, document
 * properties, and codebooks as data.
 */
#define G_LOG_DOMAIN "test-fields"

#include <string.h>
#include <glib/gstdio.h>

#include "gloss-codebook.h"
#include "gloss-fields.h"
#include "gloss-project.h"
#include "gloss-relations.h"
#include "gloss-store.h"
#include "gloss-util.h"
#include "test-files.h"

typedef struct {
  char          *dir;
  char          *path;
  GlossStore    *store;
  GlossDocument *doc;
} Fixture;

static const char text[] = "The union says the cranes are unsafe; the operator denies it.";

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("gloss-test-fields-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "p.gloss", NULL);
  f->store = gloss_project_create (f->path, "Desk", 0, &error);
  g_assert_no_error (error);
  f->doc = gloss_store_add_document (f->store, "Cranes", text, NULL, "txt", NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->store);
  gloss_document_free (f->doc);
  test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static GlossAnnotation *
annotate (Fixture *f, const char *label_name, gint64 start, gint64 end)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossLabel) label = gloss_store_find_label_by_name (f->store, label_name, &error);
  GlossAnnotation *a;

  g_assert_no_error (error);
  a = gloss_store_add_annotation (f->store, f->doc->id, label->id, start, end, NULL, "Ana", &error);
  g_assert_no_error (error);
  return a;
}

/* ------------------------------------------------------------------------- */

static void
test_choice_and_scale (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAnnotation) claim = annotate (f, "Claim", 0, 9);
  g_autoptr(GlossAnnotation) risk = annotate (f, "Risk", 19, 36);
  g_autofree char *value = NULL;
  g_autoptr(GPtrArray) values = NULL;

  /* A wrong value is a clear error naming the field and the choices, and changes nothing. */
  g_assert_false (gloss_store_set_field_value (f->store, claim->id, "likelihood", "maybe", &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "likelihood: “maybe” is not one of almost no chance, "));
  g_assert_nonnull (strstr (error->message, "very likely or almost certain"));
  g_clear_error (&error);
  values = gloss_store_list_field_values (f->store, claim->id, &error);
  g_assert_cmpuint (values->len, ==, 0);
  g_clear_pointer (&values, g_ptr_array_unref);

  /* Options match without case; the stored value is the option's. */
  g_assert_true (gloss_store_set_field_value (f->store, claim->id, "Likelihood", "Very Likely", &error));
  g_assert_no_error (error);
  value = gloss_store_dup_field_value (f->store, claim->id, "likelihood", &error);
  g_assert_cmpstr (value, ==, "very likely");
  g_clear_pointer (&value, g_free);
  /* Admiralty credibility by its words or its number. */
  g_assert_true (gloss_store_set_field_value (f->store, claim->id, "credibility", "probably true", &error));
  value = gloss_store_dup_field_value (f->store, claim->id, "credibility", &error);
  g_assert_cmpstr (value, ==, "2");
  g_clear_pointer (&value, g_free);
  g_assert_true (gloss_store_set_field_value (f->store, claim->id, "confidence", "moderate", &error));
  g_assert_no_error (error);

  /* A Claim has no impact; a Risk's impact is a scale 1-5 with names. */
  g_assert_false (gloss_store_set_field_value (f->store, claim->id, "impact", "3", &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "speaker"));
  g_clear_error (&error);
  g_assert_false (gloss_store_set_field_value (f->store, risk->id, "impact", "6", &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "impact: 6 is outside the scale 1 to 5.");
  g_clear_error (&error);
  g_assert_false (gloss_store_set_field_value (f->store, risk->id, "impact", "huge", &error));
  g_assert_nonnull (strstr (error->message, "4 major"));
  g_clear_error (&error);
  g_assert_true (gloss_store_set_field_value (f->store, risk->id, "impact", "Major", &error));
  value = gloss_store_dup_field_value (f->store, risk->id, "impact", &error);
  g_assert_cmpstr (value, ==, "4");
  g_clear_pointer (&value, g_free);

  /* Values come in field order; clearing removes one. */
  values = gloss_store_list_field_values (f->store, claim->id, &error);
  g_assert_cmpuint (values->len, ==, 3);
  g_assert_cmpstr (((GlossFieldValue *) values->pdata[0])->field_name, ==, "likelihood");
  g_assert_cmpstr (((GlossFieldValue *) values->pdata[1])->field_name, ==, "confidence");
  g_assert_cmpstr (((GlossFieldValue *) values->pdata[2])->field_name, ==, "credibility");
  g_clear_pointer (&values, g_ptr_array_unref);
  g_assert_true (gloss_store_set_field_value (f->store, claim->id, "confidence", NULL, &error));
  values = gloss_store_list_field_values (f->store, claim->id, &error);
  g_assert_cmpuint (values->len, ==, 2);

  /* The project stays consistent. */
  {
    g_autoptr(GString) report = g_string_new (NULL);
    g_assert_true (gloss_store_check (f->store, report, &error));
    g_assert_cmpstr (report->str, ==, "");
  }
}

static void
test_other_types (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossLabel) label = gloss_store_add_label (f->store, "Figure", NULL, NULL, NULL, NULL, &error);
  g_autoptr(GlossField) number = gloss_field_new ();
  g_autoptr(GlossField) date = gloss_field_new ();
  g_autoptr(GlossField) flag = gloss_field_new ();
  g_autoptr(GlossField) stored = NULL;
  g_autoptr(GlossAnnotation) a = NULL;
  g_autofree char *value = NULL;
  struct { const char *field, *input, *expected; } cases[] = {
    { "amount", "1e3", "1000" },
    { "amount", " 12.5 ", "12.5" },
    { "amount", "abc", NULL },
    { "amount", "20000", NULL },
    { "day", "2026-02-28", "2026-02-28" },
    { "day", "2026-02-30", NULL },
    { "day", "28/02/2026", NULL },
    { "checked", "Yes", "true" },
    { "checked", "0", "false" },
    { "checked", "perhaps", NULL },
  };

  g_assert_no_error (error);
  number->name = g_strdup ("amount");
  number->type = g_strdup (GLOSS_FIELD_TYPE_NUMBER);
  number->has_min = TRUE;
  number->min = 0;
  number->has_max = TRUE;
  number->max = 10000;
  stored = gloss_store_add_field (f->store, label->id, number, &error);
  g_assert_no_error (error);
  g_assert_true (gloss_uuid_is_valid (stored->id));
  g_assert_cmpint (stored->position, ==, 0);
  date->name = g_strdup ("day");
  date->type = g_strdup (GLOSS_FIELD_TYPE_DATE);
  g_clear_pointer (&stored, gloss_field_free);
  stored = gloss_store_add_field (f->store, label->id, date, &error);
  g_assert_no_error (error);
  flag->name = g_strdup ("checked");
  flag->type = g_strdup (GLOSS_FIELD_TYPE_BOOLEAN);
  flag->required = TRUE;
  g_clear_pointer (&stored, gloss_field_free);
  stored = gloss_store_add_field (f->store, label->id, flag, &error);
  g_assert_no_error (error);

  a = annotate (f, "Figure", 4, 9);
  {
    g_auto(GStrv) missing = gloss_store_missing_required_fields (f->store, a->id, &error);
    g_assert_cmpuint (g_strv_length (missing), ==, 1);
    g_assert_cmpstr (missing[0], ==, "checked");
  }
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gboolean ok = gloss_store_set_field_value (f->store, a->id, cases[i].field, cases[i].input, &error);

      if (cases[i].expected == NULL)
        {
          g_assert_false (ok);
          g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID);
          g_assert_true (g_str_has_prefix (error->message, cases[i].field));
          g_clear_error (&error);
        }
      else
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          value = gloss_store_dup_field_value (f->store, a->id, cases[i].field, &error);
          g_assert_cmpstr (value, ==, cases[i].expected);
          g_clear_pointer (&value, g_free);
        }
    }
}

static void
test_definitions (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossLabel) claim = gloss_store_find_label_by_name (f->store, "Claim", &error);
  g_autoptr(GlossField) field = gloss_field_new ();
  g_autoptr(GlossField) likelihood = NULL;
  g_autoptr(GlossAnnotation) a = annotate (f, "Claim", 0, 9);

  field->name = g_strdup ("verdict");
  field->type = g_strdup (GLOSS_FIELD_TYPE_CHOICE);
  g_assert_null (gloss_store_add_field (f->store, claim->id, field, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "verdict: a choice field needs options.");
  g_clear_error (&error);

  g_free (field->type);
  field->type = g_strdup (GLOSS_FIELD_TYPE_SCALE);
  field->has_min = TRUE;
  field->min = 5;
  field->has_max = TRUE;
  field->max = 1;
  g_assert_null (gloss_store_add_field (f->store, claim->id, field, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_free (field->name);
  field->name = g_strdup ("Likelihood");
  field->min = 1;
  field->max = 5;
  g_assert_null (gloss_store_add_field (f->store, claim->id, field, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_DUPLICATE);
  g_clear_error (&error);

  /* A field with values keeps its type. */
  g_assert_true (gloss_store_set_field_value (f->store, a->id, "likelihood", "likely", &error));
  likelihood = gloss_store_find_field (f->store, claim->id, "likelihood", &error);
  g_assert_no_error (error);
  g_free (likelihood->type);
  likelihood->type = g_strdup (GLOSS_FIELD_TYPE_TEXT);
  g_ptr_array_set_size (likelihood->options, 0);
  g_assert_false (gloss_store_update_field (f->store, likelihood, &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_IN_USE);
  g_clear_error (&error);

  /* Deleting a field hides its values. */
  g_assert_true (gloss_store_delete_field (f->store, likelihood->id, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) values = gloss_store_list_field_values (f->store, a->id, &error);
    g_assert_cmpuint (values->len, ==, 0);
  }
}

static void
test_risk_score (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAnnotation) risk = annotate (f, "Risk", 19, 36);
  g_autoptr(GlossAnnotation) claim = annotate (f, "Claim", 0, 9);

  g_assert_cmpint (gloss_store_get_risk_score (f->store, risk->id, &error), ==, -1);
  g_assert_no_error (error);
  g_assert_true (gloss_store_set_field_value (f->store, risk->id, "likelihood", "likely", &error));
  g_assert_cmpint (gloss_store_get_risk_score (f->store, risk->id, &error), ==, -1);
  g_assert_true (gloss_store_set_field_value (f->store, risk->id, "impact", "catastrophic", &error));
  g_assert_cmpint (gloss_store_get_risk_score (f->store, risk->id, &error), ==, 20);
  g_assert_true (gloss_store_set_field_value (f->store, risk->id, "likelihood", "2", &error));
  g_assert_cmpint (gloss_store_get_risk_score (f->store, risk->id, &error), ==, 10);
  g_assert_no_error (error);
  /* There is no score to set: it is derived. */
  g_assert_false (gloss_store_set_field_value (f->store, risk->id, "score", "25", &error));
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* A claim's likelihood is words, not a scale: no score. */
  g_assert_cmpint (gloss_store_get_risk_score (f->store, claim->id, &error), ==, -1);
  g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_NOT_FOUND);
  g_assert_cmpint (gloss_risk_score ("3", "3"), ==, 9);
  g_assert_cmpint (gloss_risk_score (NULL, "3"), ==, -1);
}

static void
test_document_properties (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossDocument) props = g_new0 (GlossDocument, 1);
  g_autoptr(GlossDocument) got = NULL;
  struct { const char *reliability, *tlp, *published, *url, *message; } bad[] = {
    { "G", NULL, NULL, NULL, "reliability: “G” is not an Admiralty source grade" },
    { NULL, "PURPLE", NULL, NULL, "TLP: “PURPLE” is not a Traffic Light Protocol marking" },
    { NULL, NULL, "2026-13-01", NULL, "publication date: “2026-13-01” is not a date" },
    { NULL, NULL, NULL, "not a url", "URL: “not a url” is not an absolute URL" },
  };

  props->reliability = g_strdup (" c ");
  props->tlp = g_strdup ("TLP:CLEAR");
  props->author = g_strdup ("R. Kell");
  props->publisher = g_strdup ("The Harbour Gazette");
  props->published = g_strdup ("2026-03-02");
  props->url = g_strdup ("https://example.org/cranes");
  g_assert_true (gloss_store_set_document_properties (f->store, f->doc->id, props, &error));
  g_assert_no_error (error);
  got = gloss_store_get_document (f->store, f->doc->id, &error);
  g_assert_cmpstr (got->reliability, ==, "C");
  g_assert_cmpstr (got->tlp, ==, "CLEAR");
  g_assert_cmpstr (got->author, ==, "R. Kell");
  g_assert_cmpstr (got->published, ==, "2026-03-02");
  g_assert_cmpstr (gloss_reliability_describe (got->reliability), ==, "fairly reliable");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GlossDocument) p = g_new0 (GlossDocument, 1);
      g_autoptr(GlossDocument) after = NULL;

      p->reliability = g_strdup (bad[i].reliability);
      p->tlp = g_strdup (bad[i].tlp);
      p->published = g_strdup (bad[i].published);
      p->url = g_strdup (bad[i].url);
      g_assert_false (gloss_store_set_document_properties (f->store, f->doc->id, p, &error));
      g_assert_error (error, GLOSS_STORE_ERROR, GLOSS_STORE_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, bad[i].message));
      g_clear_error (&error);
      after = gloss_store_get_document (f->store, f->doc->id, &error);
      g_assert_cmpstr (after->reliability, ==, "C");
      g_assert_cmpstr (after->tlp, ==, "CLEAR");
    }
}

/* ------------------------------------------------------------------------- */
/* Codebooks                                                                  */

static void
test_default_codebook (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) labels = gloss_store_list_labels (f->store, &error);
  g_autoptr(GPtrArray) types = gloss_store_list_relation_types (f->store, &error);
  g_autofree char *other_path = g_build_filename (f->dir, "other.gloss", NULL);
  g_autoptr(GlossStore) other = gloss_project_create (other_path, NULL, 0, &error);
  const char *names[] = { "Person", "Organization", "Location", "Claim", "Risk", "Event" };
  guint n_fields[] = { 0, 0, 0, 7, 6, 0 };   /* Claim and Risk end with a date (the timeline's) */

  g_assert_no_error (error);
  g_assert_cmpuint (labels->len, ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < labels->len; i++)
    {
      GlossLabel *label = labels->pdata[i];
      g_autofree char *expected_id = gloss_uuid_from_name (GLOSS_CODEBOOK_NAMESPACE, names[i]);
      g_autoptr(GPtrArray) fields = gloss_store_list_fields (f->store, label->id, &error);
      g_autoptr(GPtrArray) other_fields = gloss_store_list_fields (other, label->id, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (label->name, ==, names[i]);
      /* The same ids in every project, as before codebooks were data. */
      g_assert_cmpstr (label->id, ==, expected_id);
      g_assert_cmpint (label->position, ==, i);
      g_assert_cmpuint (fields->len, ==, n_fields[i]);
      for (guint j = 0; j < fields->len; j++)
        g_assert_cmpstr (((GlossField *) fields->pdata[j])->id, ==, ((GlossField *) other_fields->pdata[j])->id);
    }
  g_assert_cmpuint (types->len, ==, 5);
  g_assert_cmpstr (((GlossRelationType *) types->pdata[0])->name, ==, "attributed to");
  g_assert_cmpuint (g_strv_length (((GlossRelationType *) types->pdata[0])->to_labels), ==, 2);
  {
    g_autoptr(GlossLabel) claim = gloss_store_find_label_by_name (f->store, "Claim", &error);
    g_autoptr(GlossField) likelihood = gloss_store_find_field (f->store, claim->id, "likelihood", &error);

    g_autoptr(GlossField) date = gloss_store_find_field (f->store, claim->id, "date", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (date->type, ==, GLOSS_FIELD_TYPE_DATE);
    g_assert_cmpuint (likelihood->options->len, ==, 7);
    g_assert_cmpstr (((GlossFieldOption *) likelihood->options->pdata[3])->value, ==, "roughly even chance");
    g_assert_cmpstr (((GlossFieldOption *) likelihood->options->pdata[3])->label, ==, "45-55%");
  }
}

static void
test_codebook_save_load (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_build_filename (f->dir, "codebook.json", NULL);
  g_autofree char *empty_path = g_build_filename (f->dir, "empty.gloss", NULL);
  g_autoptr(GlossStore) empty = NULL;
  g_autoptr(GlossCodebookReport) report = gloss_codebook_report_new ();
  g_autoptr(GlossCodebookReport) again = gloss_codebook_report_new ();
  g_autoptr(GlossLabel) label = gloss_store_add_label (f->store, "Source", GLOSS_LABEL_KIND_ENTITY, NULL, "s", NULL, &error);
  g_autoptr(GlossField) field = gloss_field_new ();
  g_autoptr(GlossField) added = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  field->name = g_strdup ("kind of source");
  field->type = g_strdup (GLOSS_FIELD_TYPE_CHOICE);
  g_ptr_array_add (field->options, gloss_field_option_new ("human", NULL, "#3584e4"));
  g_ptr_array_add (field->options, gloss_field_option_new ("document", "a written record", NULL));
  added = gloss_store_add_field (f->store, label->id, field, &error);
  g_assert_no_error (error);

  g_assert_true (gloss_codebook_save (f->store, file, &error));
  g_assert_no_error (error);
  first = gloss_codebook_to_json (f->store, &error);

  empty = gloss_project_create (empty_path, "Desk", GLOSS_PROJECT_CREATE_NO_CODEBOOK, &error);
  g_assert_no_error (error);
  g_assert_true (gloss_codebook_load_file (empty, file, report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->labels_added, ==, 7);
  g_assert_cmpuint (report->fields_added, ==, 14);
  g_assert_cmpuint (report->relation_types_added, ==, 5);
  second = gloss_codebook_to_json (empty, &error);
  g_assert_cmpstr (first, ==, second);

  /* Loading the same codebook again adds nothing. */
  g_assert_true (gloss_codebook_load_file (empty, file, again, &error));
  g_assert_cmpuint (again->labels_added + again->fields_added + again->relation_types_added, ==, 0);
  g_assert_cmpuint (again->labels_present, ==, 7);

  /* A bundled codebook into a project that has part of it. */
  g_clear_pointer (&again, gloss_codebook_report_free);
  again = gloss_codebook_report_new ();
  g_assert_true (gloss_codebook_load_bundled (empty, "entities", again, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (again->labels_added, ==, 0);
  g_assert_cmpuint (again->labels_present, ==, 4);
}

static void
test_codebook_errors (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = gloss_store_list_labels (f->store, &error);
  g_autoptr(GPtrArray) after = NULL;
  const char *not_codebook = "{\"format\": \"gloss\", \"version\": 1}";
  const char *newer = "{\"format\": \"gloss-codebook\", \"version\": 9}";
  const char *unknown_label =
    "{\"format\": \"gloss-codebook\", \"version\": 1, "
    "\"labels\": [{\"name\": \"Vessel\", \"kind\": \"entity\", \"colour\": \"#986a44\"}], "
    "\"relation_types\": [{\"name\": \"docked at\", \"from\": [\"Vessel\"], \"to\": [\"Harbour\"]}]}";
  const char *bad_field =
    "{\"format\": \"gloss-codebook\", \"version\": 1, "
    "\"labels\": [{\"name\": \"Vessel\", \"fields\": [{\"name\": \"size\", \"type\": \"scale\", \"min\": 1}]}]}";

  g_assert_false (gloss_codebook_load_data (f->store, not_codebook, strlen (not_codebook), "a.json", NULL, &error));
  g_assert_error (error, GLOSS_CODEBOOK_ERROR, GLOSS_CODEBOOK_ERROR_FORMAT);
  g_clear_error (&error);
  g_assert_false (gloss_codebook_load_data (f->store, newer, strlen (newer), "b.json", NULL, &error));
  g_assert_error (error, GLOSS_CODEBOOK_ERROR, GLOSS_CODEBOOK_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "newer version"));
  g_clear_error (&error);
  g_assert_false (gloss_codebook_load_data (f->store, unknown_label, strlen (unknown_label), "c.json", NULL, &error));
  g_assert_error (error, GLOSS_CODEBOOK_ERROR, GLOSS_CODEBOOK_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "“c.json”: relation_types[0] (docked at): “Harbour” names no label of the codebook or the project");
  g_clear_error (&error);
  g_assert_false (gloss_codebook_load_data (f->store, bad_field, strlen (bad_field), "d.json", NULL, &error));
  g_assert_error (error, GLOSS_CODEBOOK_ERROR, GLOSS_CODEBOOK_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Vessel: fields[0] (size): size: a scale needs"));
  g_clear_error (&error);
  /* Nothing was added: the label "Vessel" went with the failed load. */
  after = gloss_store_list_labels (f->store, &error);
  g_assert_cmpuint (after->len, ==, before->len);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/core/fields/choice-and-scale", test_choice_and_scale);
  ADD ("/core/fields/other-types", test_other_types);
  ADD ("/core/fields/definitions", test_definitions);
  ADD ("/core/fields/risk-score", test_risk_score);
  ADD ("/core/fields/document-properties", test_document_properties);
  ADD ("/core/codebook/default", test_default_codebook);
  ADD ("/core/codebook/save-load", test_codebook_save_load);
  ADD ("/core/codebook/errors", test_codebook_errors);
#undef ADD

  return g_test_run ();
}
