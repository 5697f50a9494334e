"""Read replicas: a database router and the middleware that keeps a request's reads on the
primary once it has written (docs/scaling.md, "Read replicas")."""
