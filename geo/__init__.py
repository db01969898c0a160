"""Pure core of the Karabakh handover map: data loading, names, corpus, timeline, boundaries, map building.

Nothing in this package imports Streamlit; the app's pages call these functions and render the results.
"""
