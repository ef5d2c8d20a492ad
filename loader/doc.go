// Package loader opens MySQL-ABI and MariaDB-ABI plugin libraries and
// tells what they declare.
//
// Inspect reads a library statically: it maps the ELF file with
// internal/elfimage and decodes its declarations with package mysqlabi,
// without running any of the library's code (no dlopen, no constructors).
//
// Live loading (dlopen through purego), validation against a server
// profile, lifecycle, services and sessions build on the same model.
package loader
