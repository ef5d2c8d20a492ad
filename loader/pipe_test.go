package loader_test

import (
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/myplugload/myplugload/loader"
)

// TestPacketPipeClose: a packet written before the close still arrives;
// after it, reads see io.EOF; writes to a closed peer succeed while the
// buffer has room and then fail; writes on a closed end fail at once.
func TestPacketPipeClose(t *testing.T) {
	srv, cli := loader.NewPacketPipe()
	require.NoError(t, cli.WritePacket([]byte("pw\x00")))
	require.NoError(t, cli.Close())
	require.NoError(t, cli.Close(), "closing twice")

	// The server's prompt, written after the client hung up without
	// reading it, is not an error (mysql_clear_password never reads it).
	require.NoError(t, srv.WritePacket([]byte("prompt")))
	got, err := srv.ReadPacket()
	require.NoError(t, err)
	assert.Equal(t, "pw\x00", string(got))
	_, err = srv.ReadPacket()
	assert.ErrorIs(t, err, io.EOF)

	var werr error
	for range 100 {
		if werr = srv.WritePacket([]byte("x")); werr != nil {
			break
		}
	}
	assert.ErrorIs(t, werr, io.ErrClosedPipe, "a full buffer towards a closed peer")
	assert.ErrorIs(t, cli.WritePacket([]byte("late")), io.ErrClosedPipe)
	_, err = cli.ReadPacket()
	assert.ErrorIs(t, err, io.ErrClosedPipe)
}
