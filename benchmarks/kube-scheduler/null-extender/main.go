// The null extender: the least an HTTP extender can cost kube-scheduler. It answers filter with every candidate
// (NodeNames) and prioritize with an empty list, in Go, from the request alone: no cache, no rule, no bind. The
// kube-scheduler benchmark (run.sh, BENCH_NULL_EXTENDER=1) runs it as a third arm, so that what the protocol itself
// costs (two HTTP calls in kube-scheduler's sequential scheduling cycle) is told apart from what the
// scheduler-extender adds.
//
//	go run . -listen 127.0.0.1:9867
package main

import (
	"encoding/json"
	"flag"
	"log"
	"net/http"
	"strconv"
)

type extenderArgs struct {
	NodeNames *[]string `json:"NodeNames"`
}

type filterResult struct {
	NodeNames   *[]string         `json:"NodeNames"`
	FailedNodes map[string]string `json:"FailedNodes"`
	Error       string            `json:"Error"`
}

// answer writes body with its Content-Length, as the scheduler-extender does: kube-scheduler's decoder stops at the
// end of the JSON value, and only a body whose length is known lets its connection go back to the pool then.
func answer(w http.ResponseWriter, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	_, _ = w.Write(body)
}

func main() {
	listen := flag.String("listen", "127.0.0.1:9867", "address to serve on")
	flag.Parse()
	http.HandleFunc("POST /filter", func(w http.ResponseWriter, r *http.Request) {
		var args extenderArgs
		if err := json.NewDecoder(r.Body).Decode(&args); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		names := args.NodeNames
		if names == nil {
			names = &[]string{}
		}
		body, err := json.Marshal(filterResult{NodeNames: names, FailedNodes: map[string]string{}})
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		answer(w, body)
	})
	http.HandleFunc("POST /prioritize", func(w http.ResponseWriter, r *http.Request) {
		var args extenderArgs
		if err := json.NewDecoder(r.Body).Decode(&args); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		answer(w, []byte("[]"))
	})
	log.Printf("null extender on %s", *listen)
	log.Fatal(http.ListenAndServe(*listen, nil))
}
