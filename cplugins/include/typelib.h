/*
 * myplugload clean-room plugin headers: TYPELIB, the name list behind
 * ENUM and SET system variables.
 */
#ifndef MYPLUGLOAD_TYPELIB_H
#define MYPLUGLOAD_TYPELIB_H

#include "mysql/abi_generation.h"

/*
 * LP64 layout: count 0, name 8, type_names 16, type_lengths 24; sizeof 32.
 * count is size_t in 8.0 and unsigned int in 5.5-5.7 (same offsets on LP64).
 * type_names must end with a NULL entry; type_lengths may be NULL.
 */
typedef struct TYPELIB {
#if MYPLUGLOAD_ABI_GENERATION >= 80
  size_t count;
#else
  unsigned int count;
#endif
  const char *name;
  const char **type_names;
  unsigned int *type_lengths;
} TYPELIB;

/* 5.x spelling of the tag. */
#define st_typelib TYPELIB

#ifdef MYPLUGLOAD_LP64
MYPLUGLOAD_STATIC_ASSERT(sizeof(TYPELIB) == 32, "TYPELIB must be 32 bytes");
MYPLUGLOAD_STATIC_ASSERT(offsetof(TYPELIB, type_names) == 16,
                         "TYPELIB.type_names at 16");
#endif

#endif /* MYPLUGLOAD_TYPELIB_H */
