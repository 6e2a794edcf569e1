"""wastewater"""
