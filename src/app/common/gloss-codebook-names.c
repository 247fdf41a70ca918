/* gloss-codebook-names.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The names of the bundled Analyst codebook (data/codebooks/analyst.json) as gettext
 * sees them: label, field, option and link-type names, in the context "codebook".
 * They are data in a project (what is stored and exported stays English); only what
 * the app shows goes through gloss_codebook_name(). tests/check-codebook-i18n.py
 * checks that this list and the German translation cover the codebook.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gloss-codebook-names.h"

/* Never called: the list is here for xgettext (and for the check). */
G_GNUC_UNUSED static const char * const names[] = {
  NC_("codebook", "Person"),
  NC_("codebook", "Organization"),
  NC_("codebook", "Location"),
  NC_("codebook", "Claim"),
  NC_("codebook", "speaker"),
  NC_("codebook", "claim type"),
  NC_("codebook", "statement"),
  NC_("codebook", "allegation"),
  NC_("codebook", "denial"),
  NC_("codebook", "prediction"),
  NC_("codebook", "commitment"),
  NC_("codebook", "other"),
  NC_("codebook", "likelihood"),
  NC_("codebook", "almost no chance"),
  NC_("codebook", "very unlikely"),
  NC_("codebook", "unlikely"),
  NC_("codebook", "roughly even chance"),
  NC_("codebook", "likely"),
  NC_("codebook", "very likely"),
  NC_("codebook", "almost certain"),
  NC_("codebook", "confidence"),
  NC_("codebook", "low"),
  NC_("codebook", "moderate"),
  NC_("codebook", "high"),
  NC_("codebook", "credibility"),
  NC_("codebook", "confirmed by other sources"),
  NC_("codebook", "probably true"),
  NC_("codebook", "possibly true"),
  NC_("codebook", "doubtful"),
  NC_("codebook", "improbable"),
  NC_("codebook", "truth cannot be judged"),
  NC_("codebook", "status"),
  NC_("codebook", "unverified"),
  NC_("codebook", "corroborated"),
  NC_("codebook", "contradicted"),
  NC_("codebook", "Risk"),
  NC_("codebook", "category"),
  NC_("codebook", "security"),
  NC_("codebook", "political"),
  NC_("codebook", "economic"),
  NC_("codebook", "legal"),
  NC_("codebook", "reputational"),
  NC_("codebook", "operational"),
  NC_("codebook", "rare"),
  NC_("codebook", "possible"),
  NC_("codebook", "impact"),
  NC_("codebook", "insignificant"),
  NC_("codebook", "minor"),
  NC_("codebook", "major"),
  NC_("codebook", "catastrophic"),
  NC_("codebook", "time horizon"),
  NC_("codebook", "immediate"),
  NC_("codebook", "days"),
  NC_("codebook", "short term"),
  NC_("codebook", "weeks to three months"),
  NC_("codebook", "medium term"),
  NC_("codebook", "three to twelve months"),
  NC_("codebook", "long term"),
  NC_("codebook", "more than a year"),
  NC_("codebook", "rationale"),
  NC_("codebook", "date"),
  NC_("codebook", "Event"),
  NC_("codebook", "attributed to"),
  NC_("codebook", "supports"),
  NC_("codebook", "contradicts"),
  NC_("codebook", "evidenced by"),
  NC_("codebook", "part of"),
};

const char *
gloss_codebook_name (const char *name)
{
  if (name == NULL || *name == '\0')
    return name;
  /* A name of the user's own that is not in the list comes back as it is. */
  return g_dpgettext2 (GETTEXT_PACKAGE, "codebook", name);
}
