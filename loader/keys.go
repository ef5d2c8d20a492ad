package loader

import (
	"errors"
	"sync"

	"github.com/ebitengine/purego"

	"github.com/myplugload/myplugload/internal/native"
	"github.com/myplugload/myplugload/mysqlabi"
)

// ErrKeyVersionInvalid: the key management plugin has no such key id or
// key version (it returned ENCRYPTION_KEY_VERSION_INVALID).
var ErrKeyVersionInvalid = errors.New("no such encryption key or key version")

// Return values of an encryption plugin's key functions (MariaDB's
// plugin_encryption.h, interface 0x0300).
const (
	// KeyVersionInvalid is ENCRYPTION_KEY_VERSION_INVALID: no such key.
	KeyVersionInvalid = ^uint32(0)
	// KeyNotEncrypted is ENCRYPTION_KEY_NOT_ENCRYPTED: version 0, data is
	// not encrypted.
	KeyNotEncrypted = 0
	// keyBufferTooSmall is ENCRYPTION_KEY_BUFFER_TOO_SMALL: get_key wrote
	// the needed size into *buflen.
	keyBufferTooSmall = 100
)

// The flags of crypt_ctx_init (ENCRYPTION_FLAG_*).
const (
	encryptionFlagDecrypt = 0
	encryptionFlagEncrypt = 1
	encryptionFlagNoPad   = 2
)

// KeyManager drives an installed MariaDB ENCRYPTION plugin (a key
// management plugin such as file_key_management): the calls InnoDB and
// Aria make through the server's encryption service. It holds a reference
// to the plugin (UNINSTALL only marks it DELETED) until Close. It is safe
// for concurrent use, as the plugins' functions are in mariadbd.
type KeyManager struct {
	ref  *PluginRef
	name string

	latest, getKey                       uintptr
	ctxSize, ctxInit, ctxUpdate, ctxDone uintptr
	length                               uintptr

	closeOnce sync.Once
}

// KeyManager returns the key manager of the ACTIVE ENCRYPTION plugin
// called name. mariadbd routes all encryption through the one encryption
// plugin it initialised; the host lets the caller name it.
func (h *Host) KeyManager(name string) (*KeyManager, error) {
	if !native.Available() {
		return nil, plainError(ErrNotSupported, "key management needs the host's C side (a cgo build)")
	}
	if err := h.lock(); err != nil {
		return nil, err
	}
	defer h.mu.Unlock()
	ip := h.find(name)
	if ip == nil || ip.state != StateReady {
		return nil, newError(h.cfg.profile, mysqlabi.ErPluginIsNotLoaded, ErrNotFound, name).withPlugin(name)
	}
	if h.cfg.profile.Flavor != mysqlabi.FlavorMariaDB || ip.plugin.Family != mysqlabi.FamilyMaria ||
		ip.plugin.Type != mysqlabi.MariaPluginEncryption {
		return nil, plainError(ErrNotSupported, "plugin '%s' is not a MariaDB ENCRYPTION plugin", ip.plugin.Name).
			withPlugin(ip.plugin.Name)
	}
	if e := h.checkDescriptor(ip.plugin, "encryption"); e != nil {
		return nil, e
	}
	info := uintptr(ip.plugin.Info)
	fn := func(member string) uintptr {
		return uintptr(native.Uint64(info + uintptr(mysqlabi.MariaEncryption.Off(member))))
	}
	k := &KeyManager{name: ip.plugin.Name,
		latest: fn("get_latest_key_version"), getKey: fn("get_key"),
		ctxSize: fn("crypt_ctx_size"), ctxInit: fn("crypt_ctx_init"), ctxUpdate: fn("crypt_ctx_update"),
		ctxDone: fn("crypt_ctx_finish"), length: fn("encrypted_length")}
	if k.latest == 0 || k.getKey == 0 {
		return nil, plainError(ErrMalformed, "plugin '%s' has no get_latest_key_version or get_key", ip.plugin.Name).
			withPlugin(ip.plugin.Name)
	}
	ip.refs++
	k.ref = &PluginRef{h: h, ip: ip}
	return k, nil
}

// Name is the plugin's name.
func (k *KeyManager) Name() string { return k.name }

// Close releases the reference to the plugin; calling it again has no
// effect. The KeyManager must not be used after Close.
func (k *KeyManager) Close() { k.closeOnce.Do(k.ref.Release) }

func keyCall32(fn uintptr, args ...uintptr) uint32 {
	r1, _, _ := purego.SyscallN(fn, args...)
	return uint32(r1)
}

func (k *KeyManager) invalid(what string, id, version uint32) error {
	return plainError(ErrKeyVersionInvalid, "plugin '%s': %s: key id %d version %d", k.name, what, id, version).
		withPlugin(k.name)
}

// LatestKeyVersion is get_latest_key_version(id): the version new data
// under key id is encrypted with. ENCRYPTION_KEY_VERSION_INVALID (no such
// key) is an error wrapping ErrKeyVersionInvalid.
func (k *KeyManager) LatestKeyVersion(id uint32) (uint32, error) {
	v := keyCall32(k.latest, uintptr(id))
	if v == KeyVersionInvalid {
		return 0, plainError(ErrKeyVersionInvalid, "plugin '%s': no key with id %d", k.name, id).withPlugin(k.name)
	}
	return v, nil
}

// Key is get_key(id, version): the key's bytes. As the server does, it
// asks with a buffer and, when the plugin answers
// ENCRYPTION_KEY_BUFFER_TOO_SMALL with the size it needs, asks again with
// that size. ENCRYPTION_KEY_VERSION_INVALID is an error wrapping
// ErrKeyVersionInvalid; any other non-zero result is an error too.
func (k *KeyManager) Key(id, version uint32) ([]byte, error) {
	// Start at the AES-128 key size: a longer key takes one more call.
	size := uint32(16)
	for range 4 {
		buf := native.Malloc(int(size) + 4)
		if buf == 0 {
			return nil, plainError(ErrNotSupported, "out of C memory")
		}
		lenp := buf + uintptr(size)
		native.Write(lenp, keyLE32(size))
		rc := keyCall32(k.getKey, uintptr(id), uintptr(version), buf, lenp)
		got := keyU32(native.Read(lenp, 4))
		var key []byte
		if rc == 0 && got <= size {
			key = native.Read(buf, int(got))
		}
		native.Free(buf)
		switch {
		case rc == 0 && got <= size:
			return key, nil
		case rc == 0:
			return nil, plainError(ErrMalformed, "plugin '%s': get_key reports %d bytes in a buffer of %d", k.name, got, size).
				withPlugin(k.name)
		case rc == keyBufferTooSmall && got > size:
			size = got
		case rc == KeyVersionInvalid:
			return nil, k.invalid("get_key", id, version)
		default:
			return nil, plainError(ErrKeyVersionInvalid, "plugin '%s': get_key of key id %d version %d returned %d",
				k.name, id, version, rc).withPlugin(k.name)
		}
	}
	return nil, plainError(ErrMalformed, "plugin '%s': get_key keeps asking for a bigger buffer", k.name).withPlugin(k.name)
}

// HasCrypt reports whether the plugin brings its own encryption functions
// (crypt_ctx_*). Without them mariadbd encrypts with its built-in AES-CBC,
// which the host does not emulate: Encrypt and Decrypt fail with
// ErrNotSupported.
func (k *KeyManager) HasCrypt() bool {
	return k.ctxSize != 0 && k.ctxInit != 0 && k.ctxUpdate != 0 && k.ctxDone != 0 && k.length != 0
}

// EncryptedLength is encrypted_length(srcLen, id, version): the buffer
// size the plugin needs for encrypting srcLen bytes.
func (k *KeyManager) EncryptedLength(srcLen int, id, version uint32) (int, error) {
	if !k.HasCrypt() {
		return 0, k.noCrypt()
	}
	return int(keyCall32(k.length, uintptr(srcLen), uintptr(id), uintptr(version))), nil
}

func (k *KeyManager) noCrypt() error {
	return plainError(ErrNotSupported, "plugin '%s' has no crypt_ctx functions (mariadbd would use its own AES-CBC)",
		k.name).withPlugin(k.name)
}

// CryptOptions qualify Encrypt and Decrypt.
type CryptOptions struct {
	// NoPad is ENCRYPTION_FLAG_NOPAD: the data is not padded (its length
	// is then kept; the cipher decides what it accepts).
	NoPad bool
}

// Encrypt encrypts src with key and iv, under key id and version, through
// the plugin's crypt_ctx_size, crypt_ctx_init (ENCRYPTION_FLAG_ENCRYPT),
// crypt_ctx_update and crypt_ctx_finish, as mariadbd's encryption_crypt
// does; the context is C memory of crypt_ctx_size bytes.
func (k *KeyManager) Encrypt(src, key, iv []byte, id, version uint32, o CryptOptions) ([]byte, error) {
	return k.crypt(src, key, iv, id, version, encryptionFlagEncrypt, o)
}

// Decrypt is the inverse of Encrypt (ENCRYPTION_FLAG_DECRYPT).
func (k *KeyManager) Decrypt(src, key, iv []byte, id, version uint32, o CryptOptions) ([]byte, error) {
	return k.crypt(src, key, iv, id, version, encryptionFlagDecrypt, o)
}

func (k *KeyManager) crypt(src, key, iv []byte, id, version uint32, flags int, o CryptOptions) ([]byte, error) {
	if !k.HasCrypt() {
		return nil, k.noCrypt()
	}
	if o.NoPad {
		flags |= encryptionFlagNoPad
	}
	ctxSize := int(keyCall32(k.ctxSize, uintptr(id), uintptr(version)))
	dstCap := int(keyCall32(k.length, uintptr(len(src)), uintptr(id), uintptr(version)))
	dstCap = max(dstCap, len(src)) + 64 // room for a final block on decryption too
	// One C block: ctx, key, iv, src, dst, two uint32 lengths.
	size := ctxSize + len(key) + len(iv) + len(src) + dstCap + 8 + 16
	b := native.Malloc(size)
	if b == 0 {
		return nil, plainError(ErrNotSupported, "out of C memory")
	}
	defer native.Free(b)
	ctx := b
	kp := ctx + uintptr(keyAlignUp(ctxSize, 16))
	ivp := kp + uintptr(len(key))
	sp := ivp + uintptr(len(iv))
	dp := sp + uintptr(len(src))
	dlen := dp + uintptr(dstCap)
	native.Write(kp, key)
	native.Write(ivp, iv)
	native.Write(sp, src)
	fail := func(step string, rc int32) error {
		return plainError(ErrRefused, "plugin '%s': %s returned %d (key id %d version %d)", k.name, step, rc, id, version).
			withPlugin(k.name)
	}
	if rc := int32(keyCall32(k.ctxInit, ctx, kp, uintptr(len(key)), ivp, uintptr(len(iv)), uintptr(flags),
		uintptr(id), uintptr(version))); rc != 0 {
		return nil, fail("crypt_ctx_init", rc)
	}
	dlen2 := dlen + 4
	// After a successful init, finish always runs (it frees what init
	// allocated, as mariadbd's encryption_crypt does), even when update
	// failed; its output then goes nowhere useful.
	abandon := func(err error) ([]byte, error) {
		native.Write(dlen2, keyLE32(uint32(dstCap)))
		keyCall32(k.ctxDone, ctx, dp, dlen2)
		return nil, err
	}
	native.Write(dlen, keyLE32(uint32(dstCap)))
	if rc := int32(keyCall32(k.ctxUpdate, ctx, sp, uintptr(len(src)), dp, dlen)); rc != 0 {
		return abandon(fail("crypt_ctx_update", rc))
	}
	n := keyU32(native.Read(dlen, 4))
	if int(n) > dstCap {
		return abandon(plainError(ErrMalformed, "plugin '%s': crypt_ctx_update wrote %d bytes past its buffer", k.name, n).
			withPlugin(k.name))
	}
	native.Write(dlen2, keyLE32(uint32(dstCap)-n))
	if rc := int32(keyCall32(k.ctxDone, ctx, dp+uintptr(n), dlen2)); rc != 0 {
		return nil, fail("crypt_ctx_finish", rc)
	}
	m := keyU32(native.Read(dlen2, 4))
	if int(n)+int(m) > dstCap {
		return nil, plainError(ErrMalformed, "plugin '%s': crypt_ctx_finish wrote past its buffer", k.name).withPlugin(k.name)
	}
	return native.Read(dp, int(n+m)), nil
}

func keyAlignUp(n, a int) int { return (n + a - 1) / a * a }

func keyLE32(v uint32) []byte { return []byte{byte(v), byte(v >> 8), byte(v >> 16), byte(v >> 24)} }

func keyU32(b []byte) uint32 {
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}
