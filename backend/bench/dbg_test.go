package bench
import ("testing";"context";"io";"os")
func TestDbgKeep(t *testing.T) {
	dir := "/tmp/rb"
	os.RemoveAll(dir); os.MkdirAll(dir, 0o755)
	res, err := RunSyncs(context.Background(), dir, 300, io.Discard)
	t.Log(res.RemoteBytesPerOp, res.RemoteBytesPerOpAsIs, res.GitBytesPerCommit, err)
}
