/* fuzz-json-tree.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * gloss_json_tree_read() against json-glib's parser on the fuzz input (up to its
 * first NUL byte, as both read a C string): whatever it takes, json-glib must read
 * into the same tree (gloss_json_tree_same()); what json-glib refuses, it must not
 * take.
 */
#include "fuzz-common.h"
#include "gloss-json-tree.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  gloss_fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(JsonNode) ours = NULL;
  g_autoptr(JsonParser) parser = NULL;

  gloss_fuzz_init ();
  if (!gloss_json_tree_read (text, &ours))
    {
      g_assert (ours == NULL);
      return 0;
    }
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, text, -1, NULL) || json_parser_get_root (parser) == NULL ||
      !gloss_json_tree_same (ours, json_parser_get_root (parser)))
    {
      g_printerr ("gloss_json_tree_read() took a text json-glib reads otherwise: %s\n", text);
      abort ();
    }
  return 0;
}
