/* gloss-export-dialog.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GlossExportDialog: choose what to export (the whole project, the document being
 * read, or a saved set), the format and its options, then a file; the export runs in
 * a thread on a connection of its own, with a progress bar and a Cancel button.
 */
#pragma once

#include <adwaita.h>

#include "gloss-exchange.h"
#include "gloss-store.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_EXPORT_DIALOG (gloss_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GlossExportDialog, gloss_export_dialog, GLOSS, EXPORT_DIALOG, AdwWindow)

/* @document_id, @document_title: the document being read, offered as a scope (nullable). */
GlossExportDialog *gloss_export_dialog_new            (GtkWindow         *parent,
                                                       GlossStore        *store,
                                                       const char        *document_id,
                                                       const char        *document_title);

/* Starts exporting the chosen scope, format and options to @path in a thread: what the
 * file chooser's answer does. "exported" is emitted when the file is complete; a
 * failure is shown in the dialog; a cancelled export leaves no file. */
void               gloss_export_dialog_export_to      (GlossExportDialog *self,
                                                       const char        *path);
/* Cancels a running export, as the Cancel button does. */
void               gloss_export_dialog_cancel         (GlossExportDialog *self);
gboolean           gloss_export_dialog_is_exporting   (GlossExportDialog *self);

/* The widgets, for the UI tests. The scope row's model lists the whole project, the
 * current document and each saved set, in that order. */
AdwComboRow       *gloss_export_dialog_get_scope_row  (GlossExportDialog *self);
AdwComboRow       *gloss_export_dialog_get_format_row (GlossExportDialog *self);
GtkSwitch         *gloss_export_dialog_get_text_switch (GlossExportDialog *self);
GtkSwitch         *gloss_export_dialog_get_bom_switch (GlossExportDialog *self);
GlossFormat        gloss_export_dialog_get_format     (GlossExportDialog *self);
/* The last error shown (weak), for tests. */
GtkWindow         *gloss_export_dialog_get_error_dialog (GlossExportDialog *self);

G_END_DECLS
