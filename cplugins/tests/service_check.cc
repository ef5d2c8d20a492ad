/* The C service check built as C++. */
#include "service_check.c"
