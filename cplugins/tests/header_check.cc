/* The C compile check built as C++. */
#include "header_check.c"
