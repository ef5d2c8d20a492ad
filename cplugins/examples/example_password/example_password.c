/*
 * example_password.c - example MySQL VALIDATE PASSWORD plugin for myplugload.
 *
 * mysqld consults the VALIDATE PASSWORD plugin named "validate_password"
 * (it looks it up by name), so that is this plugin's name. It reads the
 * candidate password through the mysql_string service only:
 *
 *   validate_password      accepts a password of at least
 *                          validate_password_minimal_length characters
 *                          that has at least one upper case letter, one
 *                          lower case letter and one digit (returns 1 for
 *                          acceptable, 0 for rejected, as the API says);
 *   get_password_strength  0..100: 25 for each of the classes lower case,
 *                          upper case, digit and other present, scaled by
 *                          length / minimal_length while it is shorter.
 *
 * System variable: validate_password_minimal_length (UINT, default 8,
 * 1..100, dynamic).
 */
#include <stddef.h>

#include <mysql/plugin.h>
#include <mysql/plugin_validate_password.h>

MYPLUGLOAD_DEFINE_SERVICE(mysql_string);

static unsigned int example_minimal_length = 8;

static MYSQL_SYSVAR_UINT(minimal_length, example_minimal_length,
                         PLUGIN_VAR_RQCMDARG,
                         "Minimal number of characters of a password",
                         NULL, NULL, 8, 1, 100, 0);

static SYS_VAR *example_password_system_vars[] = {
    MYSQL_SYSVAR(minimal_length), NULL};

/* What a password is made of. */
struct example_counts {
  unsigned length, upper, lower, digit, other;
};

static struct example_counts example_count(mysql_string_handle password) {
  struct example_counts c = {0, 0, 0, 0, 0};
  mysql_string_iterator_handle it = mysql_string_get_iterator(password);
  if (it == NULL) return c;
  while (mysql_string_iterator_next(it)) {
    c.length++;
    if (mysql_string_iterator_isupper(it))
      c.upper++;
    else if (mysql_string_iterator_islower(it))
      c.lower++;
    else if (mysql_string_iterator_isdigit(it))
      c.digit++;
    else
      c.other++;
  }
  mysql_string_iterator_free(it);
  return c;
}

static int example_validate(mysql_string_handle password) {
  struct example_counts c = example_count(password);
  return c.length >= example_minimal_length && c.upper > 0 && c.lower > 0 &&
         c.digit > 0;
}

static int example_strength(mysql_string_handle password) {
  struct example_counts c = example_count(password);
  unsigned score = 25u * ((c.upper > 0) + (c.lower > 0) + (c.digit > 0) +
                          (c.other > 0));
  if (c.length < example_minimal_length)
    score = score * c.length / example_minimal_length;
  return (int)score;
}

static struct st_mysql_validate_password example_password_info = {
    MYSQL_VALIDATE_PASSWORD_INTERFACE_VERSION, /* interface_version */
    example_validate,                          /* validate_password */
    example_strength                           /* get_password_strength */
};

mysql_declare_plugin(example_password){
    MYSQL_VALIDATE_PASSWORD_PLUGIN, /* type */
    &example_password_info,         /* info */
    "validate_password",            /* name */
    "myplugload",                   /* author */
    "Example password policy: minimal length and three character classes",
    PLUGIN_LICENSE_GPL, /* license */
    NULL,               /* init */
#if MYPLUGLOAD_ABI_GENERATION >= 80
    NULL, /* check_uninstall (8.0 layout only) */
#endif
    NULL,                         /* deinit */
    0x0100,                       /* version: 1.0 */
    NULL,                         /* status_vars */
    example_password_system_vars, /* system_vars */
    NULL,                         /* __reserved1 */
    0,                            /* flags */
} mysql_declare_plugin_end;
