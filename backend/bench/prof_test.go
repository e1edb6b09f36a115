package bench

import (
	"context"
	"io"
	"testing"
)

func TestProfile100k(t *testing.T) {
	dir, done, _ := TempDir()
	defer done()
	res, err := Run(context.Background(), dir, 100000, io.Discard)
	t.Logf("%+v %v", res, err)
}
