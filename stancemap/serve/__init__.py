"""`stancemap serve`: the analyst's workbench in the browser, over a store, with corrections.

`create_app` (app.py) builds the ASGI application; nothing here is imported by the
rest of stancemap, which reads corrections through `stancemap.store.corrections`.
"""
