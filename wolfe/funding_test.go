package wolfe_test

import (
	"errors"
	"testing"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/wolfe"
	"github.com/giftcard-go/giftcard/wolfe/wolfetest"
)

func TestDepositExactlyOnce(t *testing.T) {
	srv := newSandbox(t)
	c := client(t, srv)
	ctx := t.Context()
	countDeposits := func(ref string) int {
		p, err := c.Funding.ListTransactions(ctx, wolfe.TransactionQuery{ReferenceID: ref})
		if err != nil {
			t.Fatal(err)
		}
		return len(p.Items)
	}
	// The answer is lost after the deposit was recorded: it is found by its
	// reference, not registered twice.
	srv.InjectFault(wolfetest.Fault{Method: "POST", Path: "/partner/" + wolfetest.CompanyID + "/transactions/deposit", DropAfterCommit: true})
	req := wolfe.DepositRequest{Amount: usd("250.00"), PaymentMethod: wolfe.PaymentWire, Comment: "wire 42"}
	d, err := c.Funding.Deposit(ctx, req)
	if err != nil || d.TransactionID == "" || d.ReferenceID == "" {
		t.Fatalf("%+v %v", d, err)
	}
	if n := countDeposits(d.ReferenceID); n != 1 {
		t.Fatalf("%d deposits hold the reference", n)
	}
	tx, err := c.Funding.GetTransaction(ctx, d.TransactionID)
	if err != nil || tx.Status != wolfe.TransactionPending || !tx.Amount.Equal(usd("250")) || tx.Comment != "wire 42" {
		t.Fatalf("%+v %v", tx, err)
	}
	// The same deposit again is the same transaction.
	req.ReferenceID = d.ReferenceID
	again, err := c.Funding.Deposit(ctx, req)
	if err != nil || again.TransactionID != d.TransactionID {
		t.Fatalf("again: %+v %v", again, err)
	}
	// Another deposit under that reference is a duplicate.
	req.Amount = usd("300")
	if _, err := c.Funding.Deposit(ctx, req); !errors.Is(err, giftcard.ErrDuplicateReference) || asError(t, err).Reference != d.ReferenceID {
		t.Fatalf("other amount: %v", err)
	}
	if n := countDeposits(d.ReferenceID); n != 1 {
		t.Fatalf("%d deposits hold the reference", n)
	}
	// Pending deposits do not count until Wolfe's admins approve them.
	before := srv.Balance()
	if !srv.ApproveDeposit(d.TransactionID) {
		t.Fatal("not approved")
	}
	b, err := c.GetBalance(ctx)
	if err != nil || !b.Equal(mustAdd(t, before, usd("250"))) {
		t.Errorf("balance %s, want %s + 250", b, before)
	}
	tx, _ = c.Funding.GetTransaction(ctx, d.TransactionID)
	if tx.Status != wolfe.TransactionSuccess {
		t.Errorf("approved deposit is %s", tx.Status)
	}
}

func mustAdd(t testing.TB, a, b giftcard.Money) giftcard.Money {
	t.Helper()
	s, err := a.Add(b)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestTransactions(t *testing.T) {
	srv := newSandbox(t)
	c := client(t, srv)
	ctx := t.Context()
	for range 5 {
		if _, err := c.Gifts.Purchase(ctx, purchase25()); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.Funding.Deposit(ctx, wolfe.DepositRequest{Amount: usd("1"), PaymentMethod: wolfe.PaymentCheck}); err != nil {
		t.Fatal(err)
	}
	// 1 example + 5 purchases + 1 deposit, walked 2 by 2.
	var all []wolfe.Transaction
	for tx, err := range c.Funding.Transactions(ctx, wolfe.TransactionQuery{Limit: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, tx)
	}
	if len(all) != 7 || all[0].ID != wolfetest.ExampleTransactionID {
		t.Fatalf("%d transactions", len(all))
	}
	if n := srv.CountRequests("GET", "/partner/"+wolfetest.CompanyID+"/transactions"); n != 4 {
		t.Errorf("%d pages fetched for 7 items by 2", n)
	}
	p, err := c.Funding.ListTransactions(ctx, wolfe.TransactionQuery{Status: wolfe.TransactionPending})
	if err != nil || len(p.Items) != 1 || p.Items[0].PaymentMethod != wolfe.PaymentCheck || p.Pagination.TotalCount != 1 {
		t.Fatalf("pending: %+v %v", p, err)
	}
	// The example transaction is dated 2022-10-10; the others today.
	day := time.Date(2022, 10, 10, 0, 0, 0, 0, time.UTC)
	p, err = c.Funding.ListTransactions(ctx, wolfe.TransactionQuery{FromDate: day, ToDate: day})
	if err != nil || len(p.Items) != 1 || p.Items[0].ID != wolfetest.ExampleTransactionID {
		t.Fatalf("by date: %+v %v", p, err)
	}
	q := srv.Requests()[len(srv.Requests())-1].Query
	if q != "from_date=2022-10-10&to_date=2022-10-10" {
		t.Errorf("query %q", q)
	}
	p, err = c.Funding.ListTransactions(ctx, wolfe.TransactionQuery{Limit: 3, Offset: 6})
	if err != nil || len(p.Items) != 1 || p.Pagination != (wolfe.Pagination{Limit: 3, Offset: 6, TotalCount: 7}) {
		t.Fatalf("last page: %+v %v", p, err)
	}
}
