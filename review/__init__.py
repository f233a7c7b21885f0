"""The review web UI: a server-rendered Flask app over the application layer (`crawler.app`) and `db/`
read queries. Start it with `originwatch serve`; build it with `review.app.create_app`."""
