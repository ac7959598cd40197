package livetest

import "testing"

func TestShape(t *testing.T) {
	for body, want := range map[string]string{
		``:                "empty",
		`not json`:        "not JSON",
		`{"a":1} {}`:      "not JSON",
		`{"status":"OK"}`: "{status:string}",
		`{"status":"OK","webhooks":{"receive":["https://a",{"url":"https://b","secret":"s"},"https://c"],"globalSecret":"g"}}`: "{status:string,webhooks:{globalSecret:string,receive:[string|{secret:string,url:string}]}}",
		`{"forwarding_number":null,"n":1.5,"ok":true,"list":[]}`:                                                               "{forwarding_number:null,list:[],n:number,ok:bool}",
	} {
		if got := Shape([]byte(body)); got != want {
			t.Errorf("Shape(%s) = %s, want %s", body, got, want)
		}
	}
}
