/* i18n.h: gettext glue shared by every module that speaks to people.
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later. */
#ifndef TLM_I18N_H
#define TLM_I18N_H

#if ENABLE_NLS
#include <libintl.h>
#define _(s) gettext(s)
#else
#define _(s) (s)
#define ngettext(s, p, n) ((n) == 1 ? (s) : (p))
#endif
#define N_(s) (s)

#endif
