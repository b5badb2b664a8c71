"""Analysis: camps, stance timelines, shifts, divergences, background and a cited summary."""

from .analyze import analyze_records, analyze_rows, analyze_store, conflict_sides
from .result import AnalysisResult

__all__ = ["AnalysisResult", "analyze_records", "analyze_rows", "analyze_store", "conflict_sides"]
