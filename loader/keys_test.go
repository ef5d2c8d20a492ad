package loader_test

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"encoding/hex"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/myplugload/myplugload/internal/testbuild"
	"github.com/myplugload/myplugload/loader"
	"github.com/myplugload/myplugload/mysqlabi"
	"github.com/myplugload/myplugload/sysvar"
)

// keyFile writes a plain file_key_management key file and returns its
// path and the keys by id.
func keyFile(t *testing.T) (string, map[uint32][]byte) {
	t.Helper()
	keys := map[uint32][]byte{
		1:  bytes.Repeat([]byte{0x11, 0x22, 0x33, 0x44}, 8), // 32 bytes
		2:  []byte("0123456789abcdef"),                      // 16
		7:  bytes.Repeat([]byte{0xa5}, 24),                  // 24
		42: bytes.Repeat([]byte{0x0f, 0xf0}, 16),            // 32
	}
	var b strings.Builder
	b.WriteString("# test keys\n")
	for _, id := range []uint32{1, 2, 7, 42} {
		b.WriteString(strconv.FormatUint(uint64(id), 10) + ";" + hex.EncodeToString(keys[id]) + "\n")
	}
	p := filepath.Join(t.TempDir(), "keys.txt")
	require.NoError(t, os.WriteFile(p, []byte(b.String()), 0o600))
	return p, keys
}

// cbcDecrypt decrypts AES-CBC with PKCS#7 padding with Go's own crypto:
// the plugin's ciphertext must be the standard one.
func cbcDecrypt(t *testing.T, key, iv, ct []byte) []byte {
	t.Helper()
	blk, err := aes.NewCipher(key)
	require.NoError(t, err)
	require.Zero(t, len(ct)%aes.BlockSize)
	out := make([]byte, len(ct))
	cipher.NewCBCDecrypter(blk, iv).CryptBlocks(out, ct)
	pad := int(out[len(out)-1])
	require.True(t, pad >= 1 && pad <= aes.BlockSize, "padding %d", pad)
	return out[:len(out)-pad]
}

// TestKeysFileKeyManagement drives Debian's file_key_management.so: keys
// from a plain key file named by its read-only option, and its AES
// crypt functions.
func TestKeysFileKeyManagement(t *testing.T) {
	path, keys := keyFile(t)
	// As in a my.cnf: plugin-load-add and the plugin's read-only option.
	h, _, _ := corpusHost(t, loader.WithPluginLoadAdd("file_key_management.so"),
		loader.WithOptions("--file-key-management-filename="+path))
	assert.Equal(t, path, getVar(t, h, "file_key_management_filename"))

	km, err := h.KeyManager("FILE_KEY_MANAGEMENT")
	require.NoError(t, err)
	defer km.Close()
	assert.Equal(t, "file_key_management", km.Name())
	assert.True(t, km.HasCrypt())
	for id, want := range keys {
		v, err := km.LatestKeyVersion(id)
		require.NoError(t, err, id)
		assert.Equal(t, uint32(1), v, "file keys have version 1")
		key, err := km.Key(id, v)
		require.NoError(t, err, id)
		assert.Equal(t, want, key, "key %d", id)
	}
	_, err = km.LatestKeyVersion(3)
	require.ErrorIs(t, err, loader.ErrKeyVersionInvalid)
	var e *loader.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "file_key_management", e.Plugin)
	_, err = km.Key(3, 1)
	require.ErrorIs(t, err, loader.ErrKeyVersionInvalid)

	// AES-CBC (the default algorithm) round trip, checked against Go's AES.
	iv := []byte("fedcba9876543210")
	for _, n := range []int{0, 1, 15, 16, 17, 1000} {
		src := bytes.Repeat([]byte("plaintext!"), 101)[:n]
		l, err := km.EncryptedLength(n, 1, 1)
		require.NoError(t, err)
		assert.Equal(t, (n/16+1)*16, l, "CBC with padding")
		ct, err := km.Encrypt(src, keys[1], iv, 1, 1, loader.CryptOptions{})
		require.NoError(t, err, n)
		assert.Len(t, ct, l)
		assert.Equal(t, src, cbcDecrypt(t, keys[1], iv, ct), "n=%d", n)
		pt, err := km.Decrypt(ct, keys[1], iv, 1, 1, loader.CryptOptions{})
		require.NoError(t, err)
		assert.Equal(t, src, pt)
	}
	// NOPAD with a partial block is refused by the cipher.
	_, err = km.Encrypt([]byte("abc"), keys[1], iv, 1, 1, loader.CryptOptions{NoPad: true})
	require.ErrorIs(t, err, loader.ErrRefused)

	// Held by a KeyManager, UNINSTALL only marks the plugin DELETED.
	w, err := h.Uninstall("file_key_management")
	require.NoError(t, err)
	require.Len(t, w, 1)
	assert.Equal(t, 1620, w[0].Code)
	v, err := km.LatestKeyVersion(1)
	require.NoError(t, err)
	assert.Equal(t, uint32(1), v)
	km.Close()
	_, ok := h.Plugin("file_key_management")
	assert.False(t, ok, "the last reference removed it")
}

// TestKeysFileKeyManagementNoFile: without its file option the plugin's
// init fails, as on mariadbd (error 15 and 1123).
func TestKeysFileKeyManagementNoFile(t *testing.T) {
	h, _, _ := corpusHost(t)
	_, err := h.InstallLibrary("file_key_management")
	require.ErrorIs(t, err, loader.ErrInitFailed)
	_, err = h.KeyManager("file_key_management")
	require.ErrorIs(t, err, loader.ErrNotFound)
}

// TestKeysExample drives our example key plugin
// (cplugins/examples/example_keys): two key ids, two versions of id 1,
// keys derived from the seed variable, the buffer-too-small retry and the
// crypt context calls.
func TestKeysExample(t *testing.T) {
	so := testbuild.File(t, "cplugins/examples/example_keys.so")
	h, err := loader.NewHost(loader.WithProfile(mysqlabi.MariaDB1011), loader.WithPluginDir(filepath.Dir(so)))
	require.NoError(t, err)
	t.Cleanup(func() { _ = h.Close() })
	_, err = h.Install("example_keys", "example_keys")
	require.NoError(t, err)
	km, err := h.KeyManager("example_keys")
	require.NoError(t, err)
	defer km.Close()

	v, err := km.LatestKeyVersion(1)
	require.NoError(t, err)
	assert.Equal(t, uint32(2), v)
	v, err = km.LatestKeyVersion(2)
	require.NoError(t, err)
	assert.Equal(t, uint32(1), v)
	_, err = km.LatestKeyVersion(9)
	require.ErrorIs(t, err, loader.ErrKeyVersionInvalid)

	k11, err := km.Key(1, 1)
	require.NoError(t, err)
	k12, err := km.Key(1, 2)
	require.NoError(t, err)
	k21, err := km.Key(2, 1)
	require.NoError(t, err)
	assert.Len(t, k11, 32)
	assert.Len(t, k12, 32)
	assert.Len(t, k21, 16)
	assert.NotEqual(t, k11, k12, "versions differ")
	_, err = km.Key(1, 3)
	require.ErrorIs(t, err, loader.ErrKeyVersionInvalid)
	_, err = km.Key(2, 2)
	require.ErrorIs(t, err, loader.ErrKeyVersionInvalid)

	// Keys follow the seed.
	again, err := km.Key(1, 1)
	require.NoError(t, err)
	assert.Equal(t, k11, again)
	setVar(t, h, nil, "example_keys_seed", sysvar.IntValue(99))
	reseeded, err := km.Key(1, 1)
	require.NoError(t, err)
	assert.NotEqual(t, k11, reseeded)

	src := []byte("attack at dawn, twice: attack at dawn")
	ct, err := km.Encrypt(src, k12, []byte("iv"), 1, 2, loader.CryptOptions{})
	require.NoError(t, err)
	assert.Len(t, ct, len(src))
	assert.NotEqual(t, src, ct)
	pt, err := km.Decrypt(ct, k12, []byte("iv"), 1, 2, loader.CryptOptions{})
	require.NoError(t, err)
	assert.Equal(t, src, pt)
	// The plugin refuses an empty key in crypt_ctx_init.
	_, err = km.Encrypt(src, nil, nil, 1, 2, loader.CryptOptions{})
	require.ErrorIs(t, err, loader.ErrRefused)

	// Not an encryption plugin.
	_, err = h.KeyManager("no_such_plugin")
	require.ErrorIs(t, err, loader.ErrNotFound)
}
