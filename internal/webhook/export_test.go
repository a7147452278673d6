package webhook

// Contended reports how many times g.Reserve answered InFlight, so a test
// can hold a delivery until every concurrent duplicate is waiting on it.
func Contended(g *ReplayGuard) uint64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.contended
}
