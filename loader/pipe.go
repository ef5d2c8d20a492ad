package loader

import (
	"io"
	"sync"
)

// PacketPipe is an in-memory, packet-preserving connection between a
// server authentication plugin (Host.Authenticate) and a client one
// (ClientPlugin.Authenticate): what one end writes, the other reads.
// Closing an end makes the other's reads return io.EOF once the packets
// already sent are read. As on a socket whose peer has stopped reading,
// the other's writes still succeed while the pipe's buffer (16 packets)
// has room, and return io.ErrClosedPipe once they would wait: a client
// plugin that answers without reading the server's first packet
// (mysql_clear_password) must not make that packet's write fail.
type PacketPipe struct {
	in, out chan []byte
	done    chan struct{} // closed by this end
	peer    chan struct{} // the other end's done
	once    *sync.Once
}

// NewPacketPipe returns the two connected ends.
func NewPacketPipe() (server, client *PacketPipe) {
	ab, ba := make(chan []byte, 16), make(chan []byte, 16)
	da, db := make(chan struct{}), make(chan struct{})
	return &PacketPipe{in: ba, out: ab, done: da, peer: db, once: new(sync.Once)},
		&PacketPipe{in: ab, out: ba, done: db, peer: da, once: new(sync.Once)}
}

// ReadPacket returns the next packet the other end wrote.
func (p *PacketPipe) ReadPacket() ([]byte, error) {
	select {
	case <-p.done: // this end is closed: nothing more is read from it
		return nil, io.ErrClosedPipe
	default:
	}
	select {
	case b := <-p.in:
		return b, nil
	case <-p.done:
		return nil, io.ErrClosedPipe
	case <-p.peer:
		select { // a packet sent before the close still arrives
		case b := <-p.in:
			return b, nil
		default:
			return nil, io.EOF
		}
	}
}

// WritePacket sends a copy of b to the other end.
func (p *PacketPipe) WritePacket(b []byte) error {
	c := append([]byte(nil), b...) // b is the plugin's memory
	select {
	case <-p.done:
		return io.ErrClosedPipe
	default:
	}
	select {
	case p.out <- c:
		return nil
	default:
	}
	select {
	case <-p.peer:
		return io.ErrClosedPipe
	case <-p.done:
		return io.ErrClosedPipe
	case p.out <- c:
		return nil
	}
}

// Close closes this end; closing twice has no effect.
func (p *PacketPipe) Close() error {
	p.once.Do(func() { close(p.done) })
	return nil
}
